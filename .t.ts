import { planSpecScan } from './src/scan/spec-plan.js';
for (const f of process.argv.slice(2)) {
  const t = performance.now();
  try {
    const p = await planSpecScan({ spec: f, target: 'http://127.0.0.1:9' });
    const kinds: Record<string, number> = {};
    for (const e of p.endpoints) kinds[e.spec!.security] = (kinds[e.spec!.security] ?? 0) + 1;
    console.log(f.split('node_modules/')[1], p.operationsTotal, p.endpoints.length, JSON.stringify(kinds), Math.round(performance.now() - t), 'ms', Math.round(process.memoryUsage().rss / 1e6), 'MB');
  } catch (e) { console.log(f, 'ERR', (e as Error).message); }
}

import { readFileSync } from 'node:fs';
import { signedRankTest } from '../src/analysis/timing/stats.js';
for (const file of process.argv.slice(2)) {
  const { slow, fast } = JSON.parse(readFileSync(file, 'utf8')) as { slow: number[]; fast: number[] };
  const all = [...slow, ...fast].sort((a, b) => a - b);
  console.log(file, [0.01,0.03,0.05,0.08,0.1,0.12,0.15,0.2].map(p=>all[Math.floor(p*(all.length-1))]!.toFixed(0)).join(' '));
  for (const n of [250, 500, 1000, 1500]) {
    const s = slow.slice(0, n), f = fast.slice(0, n);
    const pooled = [...s, ...f].sort((a, b) => a - b);
    const row: string[] = [];
    for (const share of [0.02, 0.05, 0.1, 0.2, 0.3, 0.5]) {
      const cut = pooled[Math.floor(share * (pooled.length - 1))]!;
      const d = s.map((v, i) => Math.min(v, cut) - Math.min(f[i]!, cut));
      row.push(`${share}:${signedRankTest(d).pValue.toExponential(1)}`);
    }
    console.log(' n', n, row.join('  '));
  }
}

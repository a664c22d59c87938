import { measureOnce } from './timing-support.js';
const origin = process.argv[2]!;
for (let i = 0; i < Number(process.argv[4] ?? 3); i++) {
  const r = await measureOnce(origin, Number(process.argv[3] ?? 600), 0.0005);
  console.log(JSON.stringify({ d: r.decision, pairs: r.pairs, req: r.requests, p: r.pValue, shift: r.shift?.estimate, lo: r.shift?.low, med: r.medianMicros }));
}

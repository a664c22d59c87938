import { readFileSync } from 'node:fs';
import { signedRankTest, hodgesLehmann } from '../src/analysis/timing/stats.js';
for (const file of process.argv.slice(2)) {
  const { slow, fast } = JSON.parse(readFileSync(file, 'utf8')) as { slow: number[]; fast: number[] };
  const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))]!.toFixed(0);
  console.log(file, 'slow q05/q25/q50/q90', [0.05, 0.25, 0.5, 0.9].map((p) => q(slow, p)).join('/'), 'fast', [0.05, 0.25, 0.5, 0.9].map((p) => q(fast, p)).join('/'));
  for (const n of [250, 500, 1000, 1500]) {
    const s = slow.slice(0, n), f = fast.slice(0, n);
    const row: string[] = [];
    for (const share of [0.05, 0.1, 0.2, 0.3, 0.5, 1]) {
      const maxima = s.map((v, i) => Math.max(v, f[i]!));
      const cut = [...maxima].sort((a, b) => a - b)[Math.max(0, Math.ceil(maxima.length * share) - 1)]!;
      const d = s.map((v, i) => v - f[i]!).filter((_, i) => maxima[i]! <= cut);
      const t = signedRankTest(d);
      row.push(`${share}:${t.pValue.toExponential(1)}/${hodgesLehmann(d, 0.99).estimate.toFixed(0)}`);
    }
    console.log(' n', n, row.join('  '));
  }
}

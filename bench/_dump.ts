import { writeFileSync } from 'node:fs';
import { HttpEngine } from '../src/http/engine.js';
import { Scope } from '../src/http/scope.js';
import { byteClasses } from './timing-support.js';
const origin = process.argv[2]!;
const pairs = Number(process.argv[3]);
const engine = new HttpEngine({ scope: new Scope([origin]), concurrency: 1, timeoutMs: 10000, maxResponseBytes: 65536 });
const ch = engine.timingChannel(origin);
const { first, last } = byteClasses(origin);
const slow: number[] = []; const fast: number[] = [];
for (let i = 0; i < 10; i++) { await ch.send(first); await ch.send(last); }
for (let i = 0; i < pairs; i++) {
  const sf = Math.random() < 0.5;
  const a = await ch.send(sf ? last : first); const b = await ch.send(sf ? first : last);
  if (sf) { slow.push(a.micros); fast.push(b.micros); } else { slow.push(b.micros); fast.push(a.micros); }
}
await ch.close(); await engine.close();
writeFileSync(process.argv[4]!, JSON.stringify({ slow, fast }));

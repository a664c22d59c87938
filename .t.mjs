import SwaggerParser from '@apidevtools/swagger-parser';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { readFileSync } from 'node:fs';
const f = process.argv[2];
let t = performance.now();
const doc = JSON.parse(readFileSync(f, 'utf8'));
console.log('parse', performance.now() - t); t = performance.now();
const refs = await $RefParser.resolve(f, doc, { resolve: { http: false } });
console.log('resolve', performance.now() - t); t = performance.now();
const p = refs.get('#/components/schemas/repository'); console.log(typeof p, performance.now() - t);
t = performance.now();
try { await SwaggerParser.validate(f, structuredClone(doc), { validate: { spec: false }, resolve: { http: false }, dereference: {circular: 'ignore'} }); console.log('validate schema only', performance.now() - t); } catch (e) { console.log('validate err', e.message.slice(0,300)); }
console.log(process.memoryUsage().rss / 1e6);

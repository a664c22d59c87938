import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScheme } from '../../src/schemes/registry.js';

/**
 * Writes a captured request as a raw HTTP/1.1 file, signed with `secret` the way the
 * scheme's senders sign: what a user would save from a proxy or a receiver's log.
 */
export function writeSignedSample(options: {
  scheme: string;
  secret: string;
  origin?: string;
  path?: string;
  body?: string;
  dir?: string;
}): string {
  const origin = options.origin ?? 'http://127.0.0.1:9';
  const body = Buffer.from(
    options.body ?? '{"type":"order.created","id":"ord_81","amount":4200}',
  );
  const url = new URL(options.path ?? '/webhook', origin);
  const signed = createScheme(options.scheme).sign(
    {
      method: 'POST',
      url: url.href,
      headers: [
        ['Host', url.host],
        ['Content-Type', 'application/json'],
      ],
      body,
    },
    {
      secret: Buffer.from(options.secret),
      timestamp: Math.floor(Date.now() / 1000),
      id: 'msg_1',
    },
  );
  const head = [
    `POST ${url.pathname} HTTP/1.1`,
    ...signed.headers.map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
  ];
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sigprobe-sample-'));
  const file = join(dir, `${options.scheme}.http`);
  writeFileSync(file, Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), body]));
  return file;
}

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { crack } from '../src/crack/crack.js';
import { crackTargets } from '../src/crack/material.js';
import { adyenExampleBody } from '../src/schemes/adyen.js';
import { listSource } from '../src/crack/sources.js';
import type { HttpRequest } from '../src/model/http.js';
import { schemeIds, createScheme } from '../src/schemes/registry.js';
import type { SchemeOverrides } from '../src/schemes/types.js';

// Every scheme in the registry: a sample signed with a weak secret must give that
// secret back when it is in the list (at a known position), and nothing when it is not.
const BODY = Buffer.from('{"id":"evt_1","type":"invoice.paid","data":{"amount":1200}}');
const NOW = Math.floor(Date.now() / 1000);

/** What a scheme needs beyond defaults, and the form its secrets take. */
const SPECIAL: Record<string, { overrides?: SchemeOverrides; secret?: string; body?: Buffer }> =
  {
    // Adyen signs each item of a batch, under a key written as hex.
    adyen: { secret: 'c0ffee00c0ffee00', body: adyenExampleBody() },
    'standard-webhooks': {
      secret: 'whsec_' + Buffer.from('weak-webhook-key').toString('base64'),
    },
    'aws-sigv4': {
      overrides: { credential: 'AKIDEXAMPLE/us-east-1/execute-api' },
      secret: 'wJalrXUtnFEMI/weak',
    },
    template: {
      overrides: {
        template: {
          signatureHeader: 'X-Acme-Signature',
          timestampHeader: 'X-Acme-Timestamp',
          digest: 'sha512',
          encoding: 'base64',
          parts: ['method', 'path', 'timestamp', 'body'],
          separator: '\n',
        },
      },
    },
  };

function sample(id: string, secret: Buffer, overrides: SchemeOverrides): HttpRequest {
  const body = SPECIAL[id]?.body ?? BODY;
  const request: HttpRequest = {
    method: 'POST',
    url: 'https://hooks.example.test/receive?account=7',
    headers: [
      ['Host', 'hooks.example.test'],
      ['Content-Type', 'application/json'],
    ],
    body,
  };
  return createScheme(id, overrides).sign(request, { secret, timestamp: NOW, id: 'msg_2Lq' });
}

function decoys(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(`decoy-${i}-${randomBytes(3).toString('hex')}`),
  );
}

describe('crack: every registered scheme', () => {
  for (const id of schemeIds()) {
    it(`given a ${id} sample and its secret at line 57 of a list, should recover it there; without it, claim nothing`, async () => {
      const overrides = SPECIAL[id]?.overrides ?? {};
      const secret = Buffer.from(SPECIAL[id]?.secret ?? 'weak-secret-42');
      const request = sample(id, secret, overrides);
      const [target, ...others] = crackTargets(request, id, overrides);
      assert.ok(target, `${id}: no crack material`);
      assert.equal(others.length, 0);

      const list = decoys(99);
      list.splice(56, 0, secret);
      const hit = await crack({ ...target, sources: [listSource('list', list)], workers: 0 });
      assert.equal(hit.stopped, 'found');
      assert.equal(hit.found?.line, 57);
      assert.deepEqual(hit.found?.candidate, secret);

      const miss = await crack({
        ...target,
        sources: [listSource('list', decoys(99))],
        workers: 0,
      });
      assert.equal(miss.found, undefined);
      assert.equal(miss.stopped, 'exhausted');
      assert.equal(miss.tested, 99);
    });
  }

  // Worker threads rebuild the scheme to get its key handling: one identity scheme and
  // the two with key handling go through threads too.
  for (const id of ['github', 'standard-webhooks', 'aws-sigv4']) {
    it(`given a ${id} sample cracked on two worker threads, should recover the secret at its line`, async () => {
      const overrides = SPECIAL[id]?.overrides ?? {};
      const secret = Buffer.from(SPECIAL[id]?.secret ?? 'weak-secret-42');
      const [target] = crackTargets(sample(id, secret, overrides), id, overrides);
      assert.ok(target);
      const list = decoys(3000);
      list.splice(2345, 0, secret);
      const outcome = await crack({
        ...target,
        sources: [listSource('list', list)],
        workers: 2,
      });
      assert.equal(outcome.workers, 2);
      assert.equal(outcome.found?.line, 2346);
      assert.deepEqual(outcome.found?.candidate, secret);
    });
  }

  it('given a sample without the scheme scan recognising it, should say so as an input error', () => {
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://x.test/',
      headers: [],
      body: BODY,
    };
    assert.throws(
      () => crackTargets(request),
      /does not carry a signature of any known scheme/,
    );
  });

  it('given a whsec_ sample and rules, should find the prefixed variant of a listed base64 word', async () => {
    const key = Buffer.from('weak-webhook-key').toString('base64');
    const secret = Buffer.from('whsec_' + key);
    const [target] = crackTargets(sample('standard-webhooks', secret, {}), 'standard-webhooks');
    assert.ok(target);
    assert.equal(target.keyMode.kind, 'scheme');
    const outcome = await crack({
      ...target,
      sources: [listSource('list', [...decoys(5), Buffer.from(key)])],
      rules: ['prefixes'],
      workers: 2,
    });
    // Without the prefix the base64 alone is accepted by the libraries too, so the
    // bare word (variant 1) already matches: it is the one reported.
    assert.equal(outcome.found?.line, 6);
    assert.ok(outcome.found?.candidate.toString().endsWith(key));
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { nativeAvailable, selectKernel } from '../src/crack/kernel.js';
import type { CrackKernel } from '../src/crack/kernel.js';
import { expandWord, PackedBuffer, parseRules, planRules } from '../src/crack/rules.js';
import type { Digest } from '../src/schemes/types.js';

// The cracking kernels lay out HMAC themselves around a hash; every digest they make
// must equal node:crypto's, for keys shorter than, equal to and longer than a block.
const DIGESTS: Digest[] = ['sha1', 'sha256', 'sha512'];
const KEY_LENGTHS = [0, 1, 5, 31, 32, 63, 64, 65, 100, 127, 128, 129, 300];
const MESSAGE_LENGTHS = [0, 1, 55, 56, 63, 64, 111, 112, 200, 4096, 10_000];

// The install builds the addon when Node's headers, a C++ compiler and make are here.
const canBuild =
  existsSync(join(dirname(process.execPath), '..', 'include', 'node', 'node_api.h')) &&
  spawnSync('c++', ['--version']).status === 0 &&
  spawnSync('make', ['--version']).status === 0;
const kernels: CrackKernel[] = [
  selectKernel('js'),
  ...(nativeAvailable() ? [selectKernel('native')] : []),
];

const reference = (digest: Digest, key: Buffer, message: Buffer): Buffer =>
  createHmac(digest, key).update(message).digest();

describe('crack kernels', () => {
  it('given Node headers and a compiler on this machine, should have built and loaded the native kernel', () => {
    if (!canBuild) {
      assert.equal(selectKernel('auto').name, nativeAvailable() ? 'native' : 'js');
      return;
    }
    assert.equal(
      nativeAvailable(),
      true,
      'npm ci should build native/ (scripts/build-native.mjs)',
    );
    assert.equal(selectKernel('auto').name, 'native');
  });

  for (const kernel of kernels) {
    it(`given ${kernel.name} kernel and many keys and messages, should equal node:crypto's HMAC`, () => {
      for (const digest of DIGESTS) {
        for (const keyLength of KEY_LENGTHS) {
          for (const messageLength of MESSAGE_LENGTHS) {
            const key = randomBytes(keyLength);
            const message = randomBytes(messageLength);
            assert.deepEqual(
              kernel.hmac(digest, key, message),
              reference(digest, key, message),
              `${digest} k${keyLength} m${messageLength}`,
            );
          }
        }
      }
    });

    it(`given ${kernel.name} kernel and a chunk of lines, should find the matching line (CRLF, empty lines, no final LF)`, () => {
      const message = randomBytes(214);
      const cases: Array<{ chunk: string; secret: string; hit: number; tested: number }> = [
        { chunk: 'a\nb\nsecret\nc\n', secret: 'secret', hit: 2, tested: 3 },
        { chunk: 'a\r\nsecret\r\nc\r\n', secret: 'secret', hit: 1, tested: 2 },
        { chunk: 'a\n\nb\n', secret: '', hit: 1, tested: 2 },
        { chunk: 'a\nb\nlast', secret: 'last', hit: 2, tested: 3 },
        { chunk: 'a\nb\nc\n', secret: 'zzz', hit: -1, tested: 3 },
      ];
      for (const digest of DIGESTS) {
        for (const { chunk, secret, hit, tested } of cases) {
          const signature = reference(digest, Buffer.from(secret), message);
          const decoy = reference(digest, Buffer.from('decoy'), message);
          const result = kernel.scanLines(
            Buffer.from(chunk),
            message,
            digest,
            Buffer.concat([decoy, signature]),
            1e9,
          );
          assert.deepEqual(result, [hit, tested], `${digest} ${JSON.stringify(chunk)}`);
        }
      }
    });

    it(`given ${kernel.name} kernel and a limit, should test no more than the limit`, () => {
      const message = Buffer.from('m');
      const signature = reference('sha256', Buffer.from('d'), message);
      assert.deepEqual(
        kernel.scanLines(Buffer.from('a\nb\nc\nd\n'), message, 'sha256', signature, 3),
        [-1, 3],
      );
      assert.deepEqual(
        kernel.scanLines(Buffer.from('a\nb\nc\nd\n'), message, 'sha256', signature, 4),
        [3, 4],
      );
      assert.deepEqual(kernel.countLines(Buffer.from('a\nbb\nc'), 2), [2, 5]);
      assert.deepEqual(kernel.countLines(Buffer.from('a\nbb\nc'), 10), [3, 6]);
    });

    it(`given ${kernel.name} kernel and packed keys, should find the matching key`, () => {
      const message = randomBytes(50);
      const packed = new PackedBuffer();
      const keys = ['k0', '', 'k\n2', 'k3'].map((k) => Buffer.from(k));
      for (const key of keys) {
        const at = packed.reserve(key.length);
        key.copy(packed.bytes, at);
        packed.commit(at + key.length);
      }
      for (const [index, key] of keys.entries()) {
        const signature = reference('sha512', key, message);
        assert.deepEqual(
          kernel.scanPacked(
            packed.bytes,
            packed.offsetView(),
            message,
            'sha512',
            signature,
            99,
          ),
          [index, index + 1],
        );
      }
    });
  }
});

describe('crack rules', () => {
  it('given case, digits and prefixes, should expand each word the planned number of times in order', () => {
    const plan = planRules(parseRules('case,digits,prefixes'));
    const out = new PackedBuffer();
    expandWord(Buffer.from('Dev'), plan, out);
    assert.equal(out.count, plan.perWord);
    assert.equal(plan.perWord, 9 * 4 * (1 + 113));
    const all = Array.from({ length: out.count }, (_, i) => out.entry(i).toString());
    assert.equal(all[0], 'Dev');
    for (const expected of ['dev', 'DEV', 'Dev7', 'dev00', 'whsec_dev', 'sk_test_DEV123']) {
      assert.ok(all.includes(expected), expected);
    }
    assert.ok(!all.includes('whsec_Dev2024'), 'years were not asked for');
  });

  it('given "all" and an unknown rule, should expand to every rule and refuse the unknown one', () => {
    assert.deepEqual(parseRules('all'), ['case', 'digits', 'years', 'symbols', 'prefixes']);
    assert.throws(() => parseRules('case,leet'), /unknown rule "leet"/);
  });
});

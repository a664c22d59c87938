import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mutateBody, parseJson } from '../src/checks/support/body-variants.js';
import type { HttpRequest } from '../src/model/http.js';

function request(body: string, type = 'application/json'): HttpRequest {
  return {
    method: 'POST',
    url: 'http://127.0.0.1/hook',
    headers: [['Content-Type', type]],
    body: Buffer.from(body),
  };
}

// A body variant that equals the original resends the same request, and a correct
// receiver that accepts it looked like one that ignores the body (a spec whose body
// schema was a bare object gave `{}` and a false "body not covered").
describe('body variants: a variant always differs from the body it came from', () => {
  const bodies: Array<[string, string, string?]> = [
    ['an object with values', '{"id":"evt_1","amount":5}'],
    ['an empty object', '{}'],
    ['an empty object with spaces', '{ }'],
    ['an object of nulls and booleans', '{"a":null,"b":true}'],
    ['an empty array', '[]'],
    ['an array of nulls', '[null]'],
    ['nested empty members', '{"data":{},"items":[]}'],
    ['a form', 'a=1&b=two', 'application/x-www-form-urlencoded'],
    ['an empty form', '', 'application/x-www-form-urlencoded'],
  ];
  for (const [label, body, type] of bodies) {
    it(`given ${label}, should give other values`, () => {
      const variant = mutateBody(request(body, type));
      assert.ok(variant, 'a variant exists');
      if (type) {
        assert.notEqual(variant.toString(), body);
      } else {
        assert.notDeepEqual(parseJson(variant), parseJson(Buffer.from(body)));
      }
    });
  }

  it('given a body that is neither JSON nor a form, should give no variant', () => {
    assert.equal(mutateBody(request('plain text', 'text/plain')), undefined);
  });
});

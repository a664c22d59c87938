/**
 * The bounded list of request switches that real receivers have used to turn
 * verification off. Names within a group are distinct, so one request can carry a
 * whole group and a rejection clears all of it at once.
 */
export interface SwitchGroup {
  name: string;
  where: 'query' | 'header' | 'json-body' | 'form-body' | 'content-type';
  switches: Array<[string, string]>;
}

export const SWITCH_GROUPS: SwitchGroup[] = [
  {
    name: 'test and debug query parameters',
    where: 'query',
    switches: [
      ['test', '1'],
      ['debug', '1'],
      ['sandbox', '1'],
      ['skip_verification', '1'],
      ['skipVerification', 'true'],
      ['skip_signature', '1'],
      ['no_verify', '1'],
      ['verify', 'false'],
      ['dry_run', '1'],
      ['dryrun', 'true'],
      ['insecure', '1'],
      ['bypass', '1'],
      ['internal', '1'],
      ['mode', 'test'],
      ['env', 'development'],
      ['livemode', 'false'],
    ],
  },
  {
    // The same names with the other spelling of "on": code compares strings.
    name: 'test and debug query parameters, "true" form',
    where: 'query',
    switches: [
      ['test', 'true'],
      ['debug', 'true'],
      ['sandbox', 'true'],
      ['skip_verification', 'true'],
      ['skip_signature', 'true'],
      ['no_verify', 'true'],
      ['dry_run', 'true'],
      ['insecure', 'true'],
      ['bypass', 'true'],
      ['internal', 'true'],
      ['testmode', 'true'],
      ['test_mode', '1'],
    ],
  },
  {
    name: 'test and debug headers',
    where: 'header',
    switches: [
      ['X-Debug', '1'],
      ['X-Test', '1'],
      ['X-Test-Mode', 'true'],
      ['X-Sandbox', '1'],
      ['X-Skip-Verification', 'true'],
      ['X-Skip-Signature', '1'],
      ['X-Dry-Run', '1'],
      ['X-Internal', '1'],
      ['X-Bypass', '1'],
      ['X-Env', 'sandbox'],
      ['X-Mode', 'test'],
      ['X-Environment', 'test'],
    ],
  },
  {
    name: 'internal-address forwarding headers',
    where: 'header',
    switches: [
      ['X-Forwarded-For', '127.0.0.1'],
      ['X-Real-IP', '127.0.0.1'],
      ['X-Client-IP', '127.0.0.1'],
      ['X-Originating-IP', '127.0.0.1'],
      ['X-Remote-IP', '127.0.0.1'],
      ['X-Remote-Addr', '127.0.0.1'],
      ['True-Client-IP', '127.0.0.1'],
      ['CF-Connecting-IP', '127.0.0.1'],
      ['Forwarded', 'for=127.0.0.1'],
    ],
  },
  {
    name: 'test flags in a JSON body',
    where: 'json-body',
    switches: [
      ['test', 'true'],
      ['debug', 'true'],
      ['sandbox', 'true'],
      ['livemode', 'false'],
    ],
  },
  {
    // Verifiers written as "if the body is JSON, check it" skip every other type. One
    // request per type (they are values of one header); a form body with a neutral
    // field tells this cause apart from the ssl_check flag below.
    name: 'content types',
    where: 'content-type',
    switches: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Content-Type', 'text/plain'],
    ],
  },
  {
    // Slack's ssl_check posts carry no signature worth checking; receivers that skip
    // verification for them can be fed any other field alongside.
    name: 'form flags',
    where: 'form-body',
    switches: [['ssl_check', '1']],
  },
];

import { adyen } from './adyen.js';
import { awsSigV4 } from './aws-sigv4.js';
import type { SchemeDefinition } from './definition.js';
import { github, githubSha1 } from './github.js';
import { intercom } from './intercom.js';
import { mailgun } from './mailgun.js';
import { pagerduty } from './pagerduty.js';
import { plain } from './plain.js';
import { shopify } from './shopify.js';
import { slack } from './slack.js';
import { square } from './square.js';
import { standardWebhooks } from './standard-webhooks.js';
import { stripe } from './stripe.js';
import { template } from './template.js';
import { twilio } from './twilio.js';
import { twitch } from './twitch.js';
import { zoom } from './zoom.js';
import type { SchemeOverrides, SignatureScheme } from './types.js';

/**
 * Every scheme sigprobe speaks, by command-line id. Each entry builds a scheme with
 * the user's overrides, because providers and in-house copies rename headers.
 */
const DEFINITIONS: SchemeDefinition[] = [
  plain,
  github,
  githubSha1,
  stripe,
  slack,
  shopify,
  twilio,
  standardWebhooks,
  awsSigV4,
  square,
  zoom,
  twitch,
  mailgun,
  intercom,
  pagerduty,
  template,
  adyen,
];
const BY_ID = new Map(DEFINITIONS.map((definition) => [definition.id, definition]));

export function schemeIds(): string[] {
  return DEFINITIONS.map((definition) => definition.id).sort();
}

export function schemeTitle(id: string): string | undefined {
  return BY_ID.get(id)?.title;
}

export function createScheme(id: string, overrides: SchemeOverrides = {}): SignatureScheme {
  const definition = BY_ID.get(id);
  if (!definition) throw new Error(`unknown scheme "${id}"`);
  return definition.build(overrides);
}

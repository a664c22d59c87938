import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ROOT } from './lab.js';

const require = createRequire(import.meta.url);

/** Validator for sigprobe's own published JSON Schema (draft 2020-12). */
export function scanResultValidator() {
  const schema = JSON.parse(
    readFileSync(`${ROOT}schema/scan-result.schema.json`, 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

/**
 * Validator for the official SARIF 2.1.0 schema (OASIS, final "rtm.5" text) as
 * Microsoft's @microsoft/jest-sarif package ships it. It is draft-04, hence that Ajv.
 * Its `language` pattern has a stray "]", legal only without the regular expressions'
 * unicode flag, so that flag is off here.
 */
export function sarifValidator() {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as object;
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

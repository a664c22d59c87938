import { Command, Option } from 'commander';
import { loadSample } from '../inputs/index.js';
import { InputError } from '../model/errors.js';
import { Redactor } from '../report/redact.js';
import { detectScheme } from '../schemes/detect.js';
import { createScheme, schemeIds } from '../schemes/registry.js';
import type { SignatureScheme } from '../schemes/types.js';
import { diagnose } from '../verify/diagnose.js';
import type { Diagnosis } from '../verify/diagnose.js';
import { schemeOverrides } from './scan-command.js';
import { loadSecret } from './secret.js';

interface VerifyFlags {
  sample: string;
  entry?: string;
  scheme?: string;
  header?: string;
  tag?: string;
  timestampHeader?: string;
  idHeader?: string;
  schemeFile?: string;
  awsCredential?: string;
  secretEnv?: string;
  secretFile?: string;
  format: 'text' | 'json';
}

/**
 * `sigprobe verify`: is the sample's signature valid under the user's secret, and if
 * not, which integration mistake reproduces it. Offline: it sends nothing.
 * Exit 0 when valid, 1 when not, 2 for bad input.
 */
export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      "check a captured request's signature with your secret, and name the integration mistake when it fails (sends nothing)",
    )
    .requiredOption(
      '--sample <file>',
      'the captured request: HAR 1.2, curl command line, or raw HTTP/1.1',
    )
    .option('--entry <n|url>', 'which HAR entry to use: its number (from 1) or URL')
    .addOption(
      new Option(
        '--scheme <id>',
        'signature scheme (default: recognised from the sample)',
      ).choices(schemeIds()),
    )
    .option('--header <name>', 'name of the signature header')
    .option('--tag <tag>', 'algorithm tag before "=" in the header value ("" for none)')
    .option('--timestamp-header <name>', 'name of the timestamp header')
    .option('--id-header <name>', 'name of the message-id header')
    .option('--scheme-file <path>', 'JSON/YAML description of an in-house scheme')
    .option('--aws-credential <id/region/service>', 'AWS SigV4 credential scope')
    .option('--secret-env <name>', 'environment variable holding the shared secret')
    .option('--secret-file <path>', 'file holding the shared secret')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action((flags: VerifyFlags) => {
      process.exitCode = verify(flags);
    });
}

function verify(flags: VerifyFlags): number {
  const secret = loadSecret(flags);
  if (!secret)
    throw new InputError(
      'verify-secret',
      'sigprobe verify needs the secret: --secret-env NAME or --secret-file PATH',
    );
  const sample = loadSample(flags.sample, { entry: flags.entry });
  const overrides = schemeOverrides({
    ...flags,
    scheme: flags.schemeFile ? 'template' : flags.scheme,
  });
  const named = flags.schemeFile ? 'template' : flags.scheme;

  let schemes: SignatureScheme[];
  let source: string;
  if (named) {
    schemes = [createScheme(named, overrides)];
    source = 'named';
  } else {
    const detection = detectScheme(sample.request, secret, overrides);
    if (!detection)
      throw new InputError(
        'sample-scheme',
        `${sample.source}: no known signature scheme found in the request; name it with --scheme`,
      );
    schemes = [
      detection.scheme,
      ...detection.candidates
        .filter((id) => id !== detection.scheme.id)
        .map((id) => createScheme(id, overrides)),
    ];
    source = 'recognised in the sample';
  }

  // The first candidate that verifies or whose failure a known mistake explains.
  let chosen = schemes[0]!;
  let result = diagnose(sample.request, chosen, secret);
  for (const scheme of schemes.slice(1)) {
    if (result.valid || result.mistake) break;
    const other = diagnose(sample.request, scheme, secret);
    if (other.valid || other.mistake) [chosen, result] = [scheme, other];
  }

  const redactor = new Redactor();
  redactor.addSecret(secret);
  const output =
    flags.format === 'json'
      ? renderJson(sample.source, chosen, source, result)
      : renderText(
          sample.source,
          sample.request.method,
          sample.request.url,
          chosen,
          source,
          result,
        );
  process.stdout.write(redactor.text(output));
  return result.valid ? 0 : 1;
}

function renderText(
  file: string,
  method: string,
  url: string,
  scheme: SignatureScheme,
  source: string,
  result: Diagnosis,
): string {
  const lines = [
    `sample:    ${file} (${method} ${url})`,
    `scheme:    ${scheme.id} (${source})`,
    `signature: ${result.valid ? 'valid' : 'INVALID'}`,
  ];
  if (!result.valid) {
    lines.push(
      result.mistake
        ? `cause:     ${result.mistake.explanation} [${result.mistake.id}]`
        : 'cause:     no listed integration mistake reproduces it; check the secret, the scheme (--scheme, --header) and that the body was captured byte for byte',
    );
  }
  for (const warning of result.warnings) lines.push(`note:      ${warning}`);
  return lines.join('\n') + '\n';
}

function renderJson(
  file: string,
  scheme: SignatureScheme,
  source: string,
  result: Diagnosis,
): string {
  return (
    JSON.stringify(
      {
        sample: file,
        scheme: scheme.id,
        schemeSource: source,
        valid: result.valid,
        mistake: result.mistake ?? null,
        warnings: result.warnings,
      },
      null,
      2,
    ) + '\n'
  );
}

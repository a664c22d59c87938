import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Fix snippets per remediation key and framework. Each framework has complete,
 * correct receivers under lab/fixes/ that the tests run and scan clean; a snippet is
 * a marked region of one of them, so what users paste is the code that was tested.
 *
 *   # sigprobe-fix: key-a key-b      (or // in JavaScript)
 *   ...code...
 *   # sigprobe-fix-end
 *
 * A region marked `*` (the imports, say) belongs to every key the file has, so each
 * snippet names where its functions come from. Consecutive start lines add keys.
 *
 * A framework has two receivers: one for a scheme that signs the body alone (the
 * plain header), and one for a timestamped scheme that signs the whole request
 * (lab/fixes/timestamped.scheme.yaml), where timestamps, request parts, field
 * separators, throttling, the secret's strength and the API description have code.
 *
 * Vendor receivers use a provider's own verification library for that provider's
 * scheme; they add to the four framework fixes where they cover a key.
 */
export interface Framework {
  id: string;
  title: string;
  language: 'python' | 'javascript';
  /** Its receivers in lab/fixes/; a key's snippets come from each file that marks it. */
  files: readonly string[];
  /** Set for a provider's own library: the scheme it verifies. */
  vendorScheme?: string;
}

export const FRAMEWORKS: readonly Framework[] = [
  {
    id: 'flask',
    title: 'Flask',
    language: 'python',
    files: ['flask_receiver.py', 'flask_timestamped_receiver.py', 'flask_batch_receiver.py'],
  },
  {
    id: 'express',
    title: 'Express',
    language: 'javascript',
    files: [
      'express_receiver.mjs',
      'express_timestamped_receiver.mjs',
      'express_batch_receiver.mjs',
    ],
  },
  {
    id: 'fastapi',
    title: 'FastAPI',
    language: 'python',
    files: [
      'fastapi_receiver.py',
      'fastapi_timestamped_receiver.py',
      'fastapi_batch_receiver.py',
    ],
  },
  {
    id: 'django',
    title: 'Django',
    language: 'python',
    files: ['django_receiver.py', 'django_timestamped_receiver.py', 'django_batch_receiver.py'],
  },
  {
    id: 'github-octokit',
    title: 'GitHub webhooks with @octokit/webhooks-methods (Express)',
    language: 'javascript',
    files: ['express_github_octokit.mjs'],
    vendorScheme: 'github',
  },
  {
    id: 'adyen-api-library',
    title: 'Adyen notifications with @adyen/api-library (Express)',
    language: 'javascript',
    files: ['express_adyen_library.mjs'],
    vendorScheme: 'adyen',
  },
  {
    id: 'stripe-node',
    title: 'Stripe webhooks with stripe (webhooks.constructEvent, Express)',
    language: 'javascript',
    files: ['express_stripe_library.mjs'],
    vendorScheme: 'stripe',
  },
  {
    id: 'slack-bolt',
    title: 'Slack requests with @slack/bolt (isValidSlackRequest, Express)',
    language: 'javascript',
    files: ['express_slack_library.mjs'],
    vendorScheme: 'slack',
  },
  {
    id: 'standardwebhooks',
    title: 'Standard Webhooks with standardwebhooks (Webhook.verify, Express)',
    language: 'javascript',
    files: ['express_standard_webhooks_library.mjs'],
    vendorScheme: 'standard-webhooks',
  },
  {
    id: 'twilio-node',
    title: 'Twilio webhooks with twilio (validateRequest, Express)',
    language: 'javascript',
    files: ['express_twilio_library.mjs'],
    vendorScheme: 'twilio',
  },
];

/**
 * Remediation keys whose fix is text only, with no region in a tested receiver. Empty
 * now; tests assert this list is exact, so a check with a new key either brings its
 * code for the four frameworks or is listed here, visibly.
 */
export const KEYS_WITHOUT_TESTED_FIX: readonly string[] = [];

/** The four frameworks every remediation key must have a fix for. */
export const CORE_FRAMEWORKS = FRAMEWORKS.filter((framework) => !framework.vendorScheme);

export interface FixSnippet {
  framework: string;
  title: string;
  language: Framework['language'];
  /** Path of the tested receiver, relative to the package root. */
  source: string;
  code: string;
}

const FIXES_DIR = fileURLToPath(new URL('../../lab/fixes/', import.meta.url));
const START = /^\s*(?:#|\/\/)\s*sigprobe-fix:\s*(.+?)\s*$/;
const END = /^\s*(?:#|\/\/)\s*sigprobe-fix-end\s*$/;

let cache: Map<string, Map<string, string>> | undefined;

/**
 * The snippets for one remediation key, one per receiver file that marks it, in
 * framework order. Given a scheme, vendor snippets for other schemes are left out.
 */
export function fixesFor(key: string, scheme?: string): FixSnippet[] {
  const regions = loadRegions();
  const relevant = FRAMEWORKS.filter(
    (f) => !f.vendorScheme || !scheme || f.vendorScheme === scheme,
  );
  return relevant.flatMap((framework) =>
    framework.files.flatMap((file) => {
      const code = regions.get(file)?.get(key);
      if (code === undefined) return [];
      return [
        {
          framework: framework.id,
          title: framework.title,
          language: framework.language,
          source: `lab/fixes/${file}`,
          code,
        },
      ];
    }),
  );
}

/** Parses a receiver's marked regions: key → code (regions of one key joined). */
export function parseRegions(text: string, file: string): Map<string, string> {
  const regions: Array<{ keys: string[]; code: string }> = [];
  let open: { keys: string[]; lines: string[]; line: number } | undefined;

  text.split('\n').forEach((line, index) => {
    const start = START.exec(line);
    if (start && open && open.lines.length === 0) {
      // Consecutive start lines are one region whose keys did not fit on one line.
      open.keys.push(...start[1]!.split(/\s+/));
      return;
    }
    if (start) {
      if (open)
        throw new Error(
          `${file}:${index + 1}: region opened inside the one at line ${open.line}`,
        );
      open = { keys: start[1]!.split(/\s+/), lines: [], line: index + 1 };
      return;
    }
    if (END.test(line)) {
      if (!open) throw new Error(`${file}:${index + 1}: region end without a start`);
      regions.push({ keys: open.keys, code: dedent(open.lines) });
      open = undefined;
      return;
    }
    open?.lines.push(line);
  });

  if (open) throw new Error(`${file}:${open.line}: region never ends`);
  const keys = [...new Set(regions.flatMap((region) => region.keys))].filter(
    (key) => key !== '*',
  );
  return new Map(
    keys.map((key) => {
      const parts = regions.filter(
        (region) => region.keys.includes(key) || region.keys.includes('*'),
      );
      return [key, parts.map((region) => region.code).join('\n\n')];
    }),
  );
}

/** file → key → code, for every receiver file. */
function loadRegions(): Map<string, Map<string, string>> {
  cache ??= new Map(
    FRAMEWORKS.flatMap((framework) => framework.files).map((file) => {
      const text = readFileSync(FIXES_DIR + file, 'utf8');
      return [file, parseRegions(text, file)];
    }),
  );
  return cache;
}

function dedent(lines: string[]): string {
  const trimmedEnd = lines.map((line) => line.trimEnd());
  while (trimmedEnd.length && trimmedEnd[0] === '') trimmedEnd.shift();
  while (trimmedEnd.length && trimmedEnd.at(-1) === '') trimmedEnd.pop();
  const indents = trimmedEnd
    .filter(Boolean)
    .map((line) => line.length - line.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return trimmedEnd.map((line) => line.slice(cut)).join('\n');
}

import { labPython } from './lab.js';

/** How to run each framework's fix receiver (lab/fixes/) as a lab target. */
export interface FixReceiver {
  framework: string;
  file: string;
  command(): string;
  /** The scheme it verifies, its header and the tag before the hex digest. */
  scheme: 'plain' | 'github';
  header: string;
  tag: string;
}

const PLAIN = { scheme: 'plain', header: 'X-Webhook-Signature', tag: 'HMAC_SHA256=' } as const;

export const FIX_RECEIVERS: FixReceiver[] = [
  {
    framework: 'flask',
    file: 'lab/fixes/flask_receiver.py',
    command: () => labPython(['flask']),
    ...PLAIN,
  },
  {
    framework: 'express',
    file: 'lab/fixes/express_receiver.mjs',
    command: () => process.execPath,
    ...PLAIN,
  },
  // Debian's python3-fastapi/-uvicorn/-django install for /usr/bin/python3, which labPython
  // finds when the python3 on PATH lacks them.
  {
    framework: 'fastapi',
    file: 'lab/fixes/fastapi_receiver.py',
    command: () => labPython(['fastapi', 'uvicorn']),
    ...PLAIN,
  },
  {
    framework: 'django',
    file: 'lab/fixes/django_receiver.py',
    command: () => labPython(['django']),
    ...PLAIN,
  },
  {
    framework: 'github-octokit',
    file: 'lab/fixes/express_github_octokit.mjs',
    command: () => process.execPath,
    scheme: 'github',
    header: 'X-Hub-Signature-256',
    tag: 'sha256=',
  },
];

/**
 * Each framework's second receiver (lab/fixes/*_timestamped_receiver.*): the scheme in
 * lab/fixes/timestamped.scheme.yaml, which signs timestamp, method, path, query and body.
 */
export interface TimestampedReceiver {
  framework: string;
  file: string;
  command(): string;
}

/** A receiver for Adyen notification batches (lab/fixes/*_batch_receiver.*). */
export type BatchReceiver = TimestampedReceiver;

export const TIMESTAMPED_SCHEME_FILE = 'lab/fixes/timestamped.scheme.yaml';

export const TIMESTAMPED_RECEIVERS: TimestampedReceiver[] = [
  {
    framework: 'flask',
    file: 'lab/fixes/flask_timestamped_receiver.py',
    command: () => labPython(['flask']),
  },
  {
    framework: 'express',
    file: 'lab/fixes/express_timestamped_receiver.mjs',
    command: () => process.execPath,
  },
  {
    framework: 'fastapi',
    file: 'lab/fixes/fastapi_timestamped_receiver.py',
    command: () => labPython(['fastapi', 'uvicorn']),
  },
  {
    framework: 'django',
    file: 'lab/fixes/django_timestamped_receiver.py',
    command: () => labPython(['django']),
  },
];

export const BATCH_RECEIVERS: BatchReceiver[] = [
  {
    framework: 'flask',
    file: 'lab/fixes/flask_batch_receiver.py',
    command: () => labPython(['flask']),
  },
  {
    framework: 'express',
    file: 'lab/fixes/express_batch_receiver.mjs',
    command: () => process.execPath,
  },
  {
    framework: 'fastapi',
    file: 'lab/fixes/fastapi_batch_receiver.py',
    command: () => labPython(['fastapi', 'uvicorn']),
  },
  {
    framework: 'django',
    file: 'lab/fixes/django_batch_receiver.py',
    command: () => labPython(['django']),
  },
  {
    framework: 'adyen-api-library',
    file: 'lab/fixes/express_adyen_library.mjs',
    command: () => process.execPath,
  },
];

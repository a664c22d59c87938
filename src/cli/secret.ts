import { readFileSync } from 'node:fs';
import { InputError } from '../model/errors.js';

/**
 * The secret comes from the environment or a file, never from the command line where
 * shell history and process lists would keep it.
 */
export function loadSecret(options: {
  secretEnv?: string;
  secretFile?: string;
}): Buffer | undefined {
  if (options.secretEnv && options.secretFile) {
    throw new InputError('secret-twice', 'give --secret-env or --secret-file, not both');
  }
  if (options.secretEnv) {
    const value = process.env[options.secretEnv];
    if (value === undefined) {
      throw new InputError(
        'secret-env-unset',
        `environment variable ${options.secretEnv} (from --secret-env) is not set`,
      );
    }
    return Buffer.from(value, 'utf8');
  }
  if (options.secretFile) {
    try {
      // A trailing newline is an editor's, not the secret's.
      return Buffer.from(
        readFileSync(options.secretFile, 'utf8').replace(/\r?\n$/, ''),
        'utf8',
      );
    } catch (error) {
      throw new InputError(
        'secret-file',
        `cannot read --secret-file ${options.secretFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  return undefined;
}

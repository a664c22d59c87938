/**
 * Errors a user can act on. Each has a stable code and a one-line message that says
 * what to do next; the CLI prints the message and exits with `exitCode`, no stack.
 */
export class SigprobeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
  }
}

export class InputError extends SigprobeError {
  constructor(code: string, message: string) {
    super(code, message, 2);
  }
}

export class TargetError extends SigprobeError {
  constructor(code: string, message: string) {
    super(code, message, 3);
  }
}

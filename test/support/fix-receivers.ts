import { labPython } from './lab.js';

/** How to run each framework's fix receiver (lab/fixes/) as a lab target. */
export interface FixReceiver {
  framework: string;
  file: string;
  command(): string;
}

export const FIX_RECEIVERS: FixReceiver[] = [
  { framework: 'flask', file: 'lab/fixes/flask_receiver.py', command: () => labPython(['flask']) },
  { framework: 'express', file: 'lab/fixes/express_receiver.mjs', command: () => process.execPath },
  // Debian's python3-fastapi/-uvicorn/-django install for /usr/bin/python3, which labPython
  // finds when the python3 on PATH lacks them.
  { framework: 'fastapi', file: 'lab/fixes/fastapi_receiver.py', command: () => labPython(['fastapi', 'uvicorn']) },
  { framework: 'django', file: 'lab/fixes/django_receiver.py', command: () => labPython(['django']) },
];

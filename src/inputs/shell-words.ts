import { InputError } from '../model/errors.js';

export interface Word {
  text: string;
  /** 1-based line where the word starts, for error messages. */
  line: number;
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  '?': '?',
};

/**
 * Splits one POSIX shell command line into words the way sh would, for the quoting a
 * copied `curl` command uses: '…', "…", $'…', backslash escapes and line continuations.
 * It stops at an unquoted `|`, `;`, `&` or `>` (a pipe to jq, a redirect), since what
 * follows is not part of the request. Variables and substitutions are not expanded.
 */
export function shellWords(text: string, path: string): Word[] {
  const words: Word[] = [];
  let line = 1;
  let i = 0;
  let current: string | undefined;
  let startLine = 1;

  const begin = () => {
    if (current === undefined) {
      current = '';
      startLine = line;
    }
  };
  const finish = () => {
    if (current !== undefined) words.push({ text: current, line: startLine });
    current = undefined;
  };
  const unterminated = (kind: string, from: number): never => {
    throw new InputError('curl-quote', `${path}: line ${from}: unterminated ${kind} quote`);
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      finish();
      line += 1;
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      finish();
      i += 1;
    } else if (c === '#' && current === undefined) {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if ('|;&>'.includes(c)) {
      break;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') line += 1;
      else if (next === '\r' && text[i + 2] === '\n') {
        line += 1;
        i += 1;
      } else if (next !== undefined) {
        begin();
        current += next;
      }
      i += 2;
    } else if (c === "'") {
      begin();
      const end = text.indexOf("'", i + 1);
      if (end < 0) unterminated('single', line);
      const chunk = text.slice(i + 1, end);
      current += chunk;
      line += chunk.split('\n').length - 1;
      i = end + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      begin();
      const from = line;
      i += 2;
      for (;;) {
        if (i >= text.length) unterminated("$'", from);
        const d = text[i]!;
        if (d === "'") {
          i += 1;
          break;
        }
        if (d === '\n') line += 1;
        if (d !== '\\') {
          current += d;
          i += 1;
          continue;
        }
        const [value, used] = ansiEscape(text, i + 1);
        current += value;
        i += 1 + used;
      }
    } else if (c === '"') {
      begin();
      const from = line;
      i += 1;
      for (;;) {
        if (i >= text.length) unterminated('double', from);
        const d = text[i]!;
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '\n') line += 1;
        if (d === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') current = (current ?? '') + text[i + 1]!;
          else line += 1;
          i += 2;
          continue;
        }
        current += d;
        i += 1;
      }
    } else {
      begin();
      current += c;
      i += 1;
    }
  }
  finish();
  return words;
}

function ansiEscape(text: string, at: number): [string, number] {
  const c = text[at] ?? '';
  if (c in ANSI_ESCAPES) return [ANSI_ESCAPES[c]!, 1];
  const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(at, at + 3));
  if (hex) return [String.fromCharCode(parseInt(hex[1]!, 16)), hex[0].length];
  const unicode = /^u([0-9a-fA-F]{1,4})/.exec(text.slice(at, at + 5));
  if (unicode) return [String.fromCharCode(parseInt(unicode[1]!, 16)), unicode[0].length];
  const octal = /^[0-7]{1,3}/.exec(text.slice(at, at + 3));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), octal[0].length];
  return ['\\' + c, 1];
}

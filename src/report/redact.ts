/**
 * Removes secrets and valid signatures from any text sigprobe writes. Every renderer
 * passes its output through one Redactor, so a check that forgets cannot leak.
 */
export class Redactor {
  readonly #needles = new Set<string>();

  addSecret(secret: Buffer): void {
    if (secret.length === 0) return;
    for (const form of [
      secret.toString('utf8'),
      secret.toString('hex'),
      secret.toString('base64'),
    ]) {
      // Very short secrets would blank out ordinary text; they are still never printed
      // by sigprobe itself, which reports only their length.
      if (form.length >= 4) this.#needles.add(form);
    }
    // A `whsec_` secret's base64 part is the key itself: hide it on its own too.
    const text = secret.toString('utf8');
    if (text.startsWith('whsec_')) {
      const key = Buffer.from(text.slice(6), 'base64');
      for (const form of [text.slice(6), key.toString('hex')])
        if (form.length >= 4) this.#needles.add(form);
    }
  }

  /** A signature made with the real secret: as good as a password for that request. */
  addSignature(value: string): void {
    if (value.length >= 8) this.#needles.add(value);
  }

  text(input: string): string {
    let output = input;
    for (const needle of [...this.#needles].sort((a, b) => b.length - a.length)) {
      output = output.split(needle).join('[REDACTED]');
    }
    return output;
  }
}

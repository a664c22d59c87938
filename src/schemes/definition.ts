import type { SchemeOverrides, SignatureScheme } from './types.js';

/** A scheme as the registry lists it: its command-line id, a title, and a builder. */
export interface SchemeDefinition {
  id: string;
  title: string;
  build(overrides: SchemeOverrides): SignatureScheme;
}

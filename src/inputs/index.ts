export { loadSample, parseSample } from './sample.js';
export type { Sample, SampleFormat, SampleOptions } from './sample.js';

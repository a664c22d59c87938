import { describeLabFolder } from './support/lab-folder.js';

// Receivers that leak through their rejections (error bodies, traces, the secret),
// and secure ones full of decoys that must stay silent. Each declares its findings.
describeLabFolder(
  'lab: what a rejection body gives away (expected signature, secret, traces)',
  'lab/flask-leaks',
);

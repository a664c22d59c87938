import { describeLabFolder } from './support/lab-folder.js';

// Receivers that leak through rejection time or allow unlimited guessing, and
// secure ones that must stay silent. Each declares its findings; an
// optional "env" configures the target (timing mode, planted delay).
describeLabFolder('lab: rejection timing and throttling', 'lab/flask-timing');

import { describeLabFolder } from './support/lab-folder.js';

// Regression targets for the defects a tester found in the core; each target's
// docstring and expect.json name the defect it guards. The right secret is offered
// in LAB_SECRET so a target can be scanned at L2 with `--secret-env LAB_SECRET`.
describeLabFolder('lab: Flask regression targets (core defects)', 'lab/flask-regress');

import { describeLabFolder } from './support/lab-folder.js';

// Each lab target declares its findings next to it; the scan must produce exactly
// that set: nothing missed on the faulty ones, nothing above info on the secure ones.
describeLabFolder('lab: Flask webhook receivers (foundation checks)', 'lab/flask');

// `npm run build` (also run by `npm install` and `npm test`): writes the compiled build of src/ to
// node_modules/.cache/faultline/ (write-build.js), so the CLI and its worker threads start without
// transpiling. `--quiet` prints nothing.
import { BUILD } from './build-location.js';
import { writeBuild } from './write-build.js';

const { sources, ms } = await writeBuild();
if (!process.argv.includes('--quiet')) console.log(`faultline: compiled ${sources} source files and bundled the command and its worker threads into ${BUILD} in ${ms} ms`);

// The package's entry (`import { loadScenario, simulate } from 'faultline'`, package.json
// "exports"): the library API of src/index.ts, loaded from the compiled build when it is up to
// date with the sources (`npm install` builds it), else from the TypeScript source through tsx,
// as the `faultline` command is (src/cli/bin.js). Plain JavaScript: Node 20 cannot import .ts.
// Its types are the declarations `npm run build:types` writes from src/index.ts.
const { loadModule } = await import('./runtime/load-module.js');
const library = await loadModule(import.meta.url, './index.ts');

// One line per export of src/index.ts (test/index.test.ts checks that none is missing).
export const { loadScenario, simulate, explainYear, writeReport, percentileYear, RETURN_PERIODS, InputError, ScenarioError, UsageError, SimulationError, formatInputIssue, closeYearLossTable } =
  library;

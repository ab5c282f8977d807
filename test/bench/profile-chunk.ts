/**
 * Times one chunk of trials in this thread, without workers or statistics, for profiling:
 * `node --import tsx test/bench/profile-chunk.ts [scenario] [trials]`, with `--cpu-prof` before
 * `--import` to write a CPU profile.
 */
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
const file = process.argv[2] ?? 'scenarios/marketplace.yaml';
const n = Number(process.argv[3] ?? 100000);
const { scenario } = loadScenario(file);
const model = compileModel(scenario, scenario.seed);
simulateChunk(model, 1, 1000);
const t = performance.now();
simulateChunk(model, 1, n);
const ms = performance.now() - t;
console.log(`${n} trials in ${ms.toFixed(0)} ms: ${Math.round((n / ms) * 1000)} trials/s`);

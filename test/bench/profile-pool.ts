import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { runSimulation } from '../../src/engine/run-simulation.ts';
const { scenario } = loadScenario('scenarios/marketplace.yaml');
for (const workers of [1, 2]) {
  for (const trials of [1000, 100000]) {
    const t = performance.now();
    let first = 0;
    await runSimulation(scenario, { trials, seed: 1, workers, onProgress: () => { if (!first) first = performance.now() - t; } });
    console.log(`workers ${workers} trials ${trials}: ${(performance.now() - t).toFixed(0)} ms (first chunk after ${first.toFixed(0)} ms)`);
  }
}

/**
 * `npm run graph`: rewrites the folder graph in README.md's architecture section from src/'s
 * imports as dependency-cruiser reads them now (the test in folder-graph.test.ts fails until it
 * matches).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cruiseSource, PROJECT_ROOT } from './folder-graph.ts';
import { graphBlock, readmeGraphBlock, withGraphBlock } from './readme-graph.ts';

const file = join(PROJECT_ROOT, 'README.md');
const readme = readFileSync(file, 'utf8');
const block = graphBlock(await cruiseSource());
if (readmeGraphBlock(readme) === block) {
  console.log('README.md: the folder graph is up to date');
} else {
  writeFileSync(file, withGraphBlock(readme, block));
  console.log('README.md: the folder graph is rewritten');
}

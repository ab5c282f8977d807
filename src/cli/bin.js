#!/usr/bin/env node
// The `faultline` command: lets Node load the TypeScript sources, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);

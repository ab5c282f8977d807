#!/usr/bin/env node
// The `faultline` command: lets Node load the TypeScript sources, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
// The command is done: a connection still closing (Redis) must not keep the process alive. The
// timer does not itself hold the process, so a clean exit still happens as soon as output drains.
setTimeout(() => process.exit(), 2_000).unref();

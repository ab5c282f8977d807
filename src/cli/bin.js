#!/usr/bin/env node
// The `faultline` command: runs the CLI from the compiled build when it is up to date with the
// sources (`npm install` builds it), else lets Node load the TypeScript sources through tsx.

// Until the CLI's own handler is in place, Ctrl-C ends the process with exit 1 and a word, not
// Node's silent 130: nothing has been written yet.
const early = (name) => {
  process.stderr.write(`faultline: interrupted (${name}) while starting; nothing was written\n`);
  process.exit(1);
};
process.on('SIGINT', early).on('SIGTERM', early);

const { loadModule } = await import('../runtime/load-module.js');
const { main } = await loadModule(import.meta.url, './main.ts');
const { handleInterruptsOfProcess } = await loadModule(import.meta.url, './interruption.ts');
handleInterruptsOfProcess();
process.off('SIGINT', early).off('SIGTERM', early);
// A command left waiting on something that can never settle would otherwise end with Node's exit
// 13 and no word; the event loop draining before main returns is that case.
let returned = false;
process.once('beforeExit', () => {
  if (returned) return;
  process.stderr.write('faultline: internal error: the command was left waiting for work that can never finish, and stopped (please report this)\n');
  process.exit(1);
});
process.exitCode = await main(process.argv);
returned = true;
// The command is done: a connection still closing (Redis) must not keep the process alive. The
// timer does not itself hold the process, so a clean exit still happens as soon as output drains.
setTimeout(() => process.exit(), 2_000).unref();

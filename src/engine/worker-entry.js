// Entry of a simulation worker thread: loads the thread's body from the compiled build when it
// is up to date, else from the TypeScript source through tsx.
const { loadModule } = await import('../runtime/load-module.js');
await loadModule(import.meta.url, './chunk-worker.ts');

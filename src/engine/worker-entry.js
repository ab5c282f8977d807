// Entry of a simulation worker thread: lets the thread load the TypeScript sources, then starts it.
import { register } from 'tsx/esm/api';

register();
await import('./chunk-worker.ts');

import { readFileSync } from 'node:fs';

/** Faultline's version, from package.json: recorded in run.json and printed by `--version`. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

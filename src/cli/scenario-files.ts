import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { InputIssue } from '../errors.ts';

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * The scenario files named on a command line: files as given, and for a folder its `.yaml`,
 * `.yml` and `.json` files (not its subfolders), in name order, leaving out `schema.json` (the
 * scenario language's JSON Schema, which the bundled scenarios folder holds). A path that does not
 * exist is an issue. Each file is listed once.
 */
export function scenarioFiles(paths: readonly string[], issues: InputIssue[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const found = statSync(path, { throwIfNoEntry: false });
    if (!found) {
      issues.push({ file: path, message: 'expected a scenario file or a folder of them, got no file or folder at this path' });
    } else if (found.isDirectory()) {
      const names = readdirSync(path)
        .filter((name) => SCENARIO_EXTENSIONS.has(extname(name).toLowerCase()) && name !== 'schema.json')
        .sort();
      if (names.length === 0) issues.push({ file: path, message: 'expected a folder with scenario files (.yaml, .yml, .json), got none in it' });
      for (const name of names) {
        const file = join(path, name);
        const entry = statSync(file, { throwIfNoEntry: false });
        if (!entry) issues.push({ file, message: 'expected a scenario file, got a link to nothing' });
        else if (entry.isFile()) files.push(file);
      }
    } else {
      files.push(path);
    }
  }
  return [...new Set(files)];
}

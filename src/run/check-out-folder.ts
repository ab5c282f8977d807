import { readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InputIssue } from '../errors.ts';

/** What each kind of folder is called in a message: the file that marks it. */
const WHAT_IT_REPLACES = { 'run.json': 'report (with run.json)', 'sweep.json': 'sweep (with sweep.json)', 'partial.json': 'partial result (with partial.json)' } as const;

/**
 * Checks that a run may put its report folder at `folder`: the folder must not exist yet, be
 * empty, or hold an earlier result of the same command: a report (run.json) for run and batch,
 * a sweep (sweep.json) for sweep, a partial result (partial.json) for a shard; none replaces another kind. Writing the report replaces the folder as a
 * whole, so anything else there (a file, someone's documents) would be lost.
 */
export function checkOutFolder(folder: string, issues: InputIssue[], replaces: 'run.json' | 'sweep.json' | 'partial.json' = 'run.json', flag = '--out'): void {
  let found: ReturnType<typeof statSync>;
  try {
    found = statSync(folder, { throwIfNoEntry: false });
  } catch {
    // A path under a file: name the file that stands where a folder would have to be.
    for (let parent = dirname(folder); parent !== dirname(parent); parent = dirname(parent)) {
      let stats: ReturnType<typeof statSync>;
      try {
        stats = statSync(parent, { throwIfNoEntry: false });
      } catch {
        continue; // itself under a file: an ancestor names it
      }
      if (stats?.isFile()) {
        issues.push({ path: flag, message: `expected a folder path, got a path under the file ${parent}` });
        return;
      }
    }
    return; // anything else: writing will fail and say why
  }
  if (!found) return;
  if (!found.isDirectory()) {
    issues.push({
      path: flag,
      message: `expected a folder for the ${replaces === 'partial.json' ? 'partial result' : replaces === 'sweep.json' ? 'sweep' : 'report'}, got an existing file at ${folder}`,
    });
    return;
  }
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return; // unreadable: writing will fail and say why
  }
  if (entries.length > 0 && !entries.includes(replaces)) {
    issues.push({
      path: flag,
      message: `expected a new or empty folder or an earlier ${WHAT_IT_REPLACES[replaces]}, got a folder of other files at ${folder} (it would be replaced)`,
    });
  }
}

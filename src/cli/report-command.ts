import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { readRunData } from '../report/read-run-data.ts';
import { reportFiles } from '../report/report-files.ts';
import { cliStdout } from './cli-streams.ts';
import { listenForInterruption } from './interruption.ts';

export interface ReportFlags {
  charts?: boolean;
  quiet?: boolean;
}

export async function reportCommand(folder: string, flags: ReportFlags): Promise<void> {
  if (resolve(folder) === process.cwd()) {
    throw new UsageError([
      { path: '<run-folder>', message: `expected a run folder other than the current one (it is replaced as a whole), got ${JSON.stringify(folder)}: run faultline report from its parent` },
    ]);
  }
  const data = readRunData(folder); // bad input: InputError, exit 2, nothing written
  let chartCount = 0;
  const interruption = listenForInterruption();
  try {
    const files = await reportFiles(data, { render: flags.charts !== false });
    // The folder is rewritten as a whole: its run files copied as they are, the charts and the page
    // new; a failure or an interrupt leaves it as it was.
    const staging = ReportStaging.open(folder, { signal: interruption.signal });
    try {
      for (const name of runFiles(folder)) staging.copy(name, join(folder, name));
      for (const [name, content] of files) staging.write(name, content);
      staging.commit();
    } catch (error) {
      staging.discard();
      throw error;
    }
    chartCount = [...files.keys()].filter((name) => name.startsWith('charts/')).length;
  } finally {
    interruption.release();
  }
  if (!flags.quiet) {
    const charts = chartCount;
    cliStdout().write(`Report: ${join(folder, 'report.html')} (${charts} chart file${charts === 1 ? '' : 's'} in ${join(folder, 'charts')}/)\n`);
  }
}

/** The files of a run folder other than its charts and page (which are rebuilt), recursively. */
function runFiles(folder: string, under = folder): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(under)) {
    const path = join(under, entry);
    const name = relative(folder, path);
    if (name === 'report.html' || name === 'charts') continue;
    if (statSync(path).isDirectory()) names.push(...runFiles(folder, path));
    else names.push(name);
  }
  return names;
}

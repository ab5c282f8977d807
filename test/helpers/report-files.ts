/** The top-level entries of a run's report folder without strategies, sorted. */
export const RUN_FOLDER = ['allocation.csv', 'charts', 'distribution.csv', 'ep.csv', 'explain.json', 'insurance.csv', 'report.html', 'run.json', 'summary.csv'];

/** The same with strategies (comparison.csv). */
export const RUN_FOLDER_WITH_STRATEGIES = [...RUN_FOLDER, 'comparison.csv'].sort();

/**
 * Whether two runs of the same scenario, seed and trials must agree byte for byte on a file:
 * everything but run.json and report.html, which record when, where and how the run was made.
 */
export function reproducible(file: string): boolean {
  return file !== 'run.json' && file !== 'report.html';
}

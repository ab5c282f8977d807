import { beforeAll, beforeEach, inject, it, TestRunner, type RunnerTestSuite } from 'vitest';
import { describeUnavailable, type ChromiumProvision, type Need, type ProvisionState, type RedisProvision } from './provision-plan.ts';

/**
 * For test files: what the test setup (`test/setup/provision.ts`) provisioned for them.
 *
 * `needs('chromium')` / `needs('redis')`, called at the top of a test file (or of a describe),
 * returns the provisioned browser or server. When it could not be provisioned, every test of the
 * file (or describe) is skipped with the reason and the command that provisions it; under CI
 * (`CI=true`) they are skipped too, and one more test fails with the reason, so the run fails.
 * The hooks of the describes inside do not run then (they would use what is missing); the
 * file's (or describe's) own hooks do, so those check the returned status themselves.
 *
 * The setup reads these calls in the files of the run to know what to provision.
 */
export function needs(need: 'chromium'): ChromiumProvision;
export function needs(need: 'redis'): RedisProvision;
export function needs(need: Need): ChromiumProvision | RedisProvision {
  const state = inject('faultlineProvision') as ProvisionState | undefined;
  if (state === undefined) throw new Error('test/setup/provision.ts did not run: it is the globalSetup of vitest.config.ts');
  const provision = state[need];
  if (provision.status === 'ready') return provision;
  const note = describeUnavailable(provision);
  const failing = need === 'chromium' ? 'has Chromium to run in' : 'has a Redis server to run against';
  beforeAll(({}, suite) => {
    for (const task of suite.tasks) if (task.type === 'suite') disarm(task);
  });
  beforeEach((context) => {
    if (context.task.name !== failing) context.skip(note);
  });
  if (provision.status === 'fail') {
    it(failing, () => {
      throw new Error(note);
    });
  }
  return provision;
}

/** Takes the hooks off a describe and the describes inside it: their tests are all skipped, and the hooks would use what is missing. */
function disarm(suite: RunnerTestSuite): void {
  // Emptied in place: TestRunner.setSuiteHooks of vitest 4.1 is getSuiteHooks under another name.
  for (const hooks of Object.values(TestRunner.getSuiteHooks(suite))) hooks.length = 0;
  for (const task of suite.tasks) if (task.type === 'suite') disarm(task);
}

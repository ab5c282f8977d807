import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  aptCommands,
  broken,
  DEBIAN_CHROMIUM,
  installDecision,
  isCi,
  manualCommand,
  missingPackages,
  missingReason,
  needsOfRun,
  notRequestedReason,
  PACKAGES,
  provisionMode,
  seconds,
  unavailable,
  unavailableLine,
  USERS,
  type ChromiumProvision,
  type Found,
  type Need,
  type ProvisionState,
  type RedisProvision,
} from './provision-plan.ts';

/**
 * vitest's globalSetup: provisions what the test files of the run need from the machine before
 * they run, and hands it to them (`inject('faultlineProvision')`, read with `needs()` of
 * test/setup/needs.ts).
 *
 * - Chromium (Debian's `chromium`, /usr/bin/chromium, driven by playwright-core, which never
 *   downloads a browser) for the browser test of report.html; FAULTLINE_TEST_CHROMIUM names
 *   another executable.
 * - Redis (Debian's `redis-server`) for the cluster tests: one server on a free port of
 *   127.0.0.1 for the whole run, stopped at its end; FAULTLINE_TEST_REDIS names a server to use
 *   instead.
 *
 * What is missing is installed with apt-get (`apt-get update`, then `apt-get install`) when this
 * runs as root or with sudo without a password. Otherwise the tests that need it are skipped with
 * the reason and the command that provisions them, or, under CI (`CI=true`), fail.
 * FAULTLINE_TEST_PROVISION=never never runs apt-get; FAULTLINE_TEST_PROVISION=pretend-missing
 * acts as if nothing were installed or installable (to see the skips on a provisioned machine).
 *
 * Only what the run's test files need is provisioned (see `needsOfSource`): a run of unit tests
 * installs and starts nothing.
 */
export default async function provision(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  const mode = provisionMode(env);
  const ci = isCi(env);
  const needs = needsOfRun(runSources(project));
  const pretend = mode === 'pretend-missing';
  const found: Found = pretend
    ? {}
    : {
        chromium: needs.includes('chromium') && isExecutable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
        externalChromium: env.FAULTLINE_TEST_CHROMIUM || undefined,
        redisServer: needs.includes('redis') ? (await import('../helpers/redis-server.ts')).findRedisServer() : undefined,
        externalRedis: env.FAULTLINE_TEST_REDIS || undefined,
      };

  const missing = missingPackages(needs, found);
  /** Why the missing packages are still missing, when they are. */
  let notInstalled: string | undefined;
  if (missing.length > 0) {
    const decision = installDecision({ mode, root: process.getuid?.() === 0, sudo: !pretend && passwordlessSudo(), aptGet: onPath('apt-get') !== undefined });
    if (decision.install) {
      notInstalled = await aptGetInstall(missing, decision.sudo, needs);
      if (!notInstalled && needs.includes('chromium') && !found.externalChromium && isExecutable(DEBIAN_CHROMIUM)) found.chromium = DEBIAN_CHROMIUM;
      if (!notInstalled && needs.includes('redis') && !found.externalRedis) found.redisServer = (await import('../helpers/redis-server.ts')).findRedisServer();
    } else {
      notInstalled = decision.reason;
    }
  }
  const command = missing.length > 0 ? manualCommand(missing) : undefined;
  const whyMissing = (need: Need) => missingReason(need, notInstalled ?? `apt-get installed ${PACKAGES[need]}, and it is still not there`);

  const chromium: ChromiumProvision = !needs.includes('chromium')
    ? unavailable(notRequestedReason('chromium'), undefined, ci)
    : found.externalChromium
      ? isExecutable(found.externalChromium)
        ? { status: 'ready', path: found.externalChromium }
        : broken(`FAULTLINE_TEST_CHROMIUM=${found.externalChromium} is not an executable`)
      : found.chromium
        ? { status: 'ready', path: found.chromium }
        : unavailable(whyMissing('chromium'), command, ci);

  let stopRedis = async () => {};
  let redis: RedisProvision;
  if (!needs.includes('redis')) {
    redis = unavailable(notRequestedReason('redis'), undefined, ci);
  } else if (found.externalRedis) {
    const { answersPing } = await import('../helpers/redis-server.ts');
    redis = (await answersPing(found.externalRedis))
      ? { status: 'ready', url: found.externalRedis, external: true }
      : broken(`FAULTLINE_TEST_REDIS=${found.externalRedis}: no Redis answers PING there (unset it to let the tests start their own)`);
    if (redis.status === 'ready') say(`using the Redis server of FAULTLINE_TEST_REDIS (${found.externalRedis}) for ${USERS.redis}`);
  } else if (found.redisServer) {
    const { startRedisServer } = await import('../helpers/redis-server.ts');
    try {
      const server = await startRedisServer();
      redis = { status: 'ready', url: server.url, external: false };
      stopRedis = server.stop;
      say(`started ${found.redisServer} on ${server.url} for ${USERS.redis} (stopped when the tests end)`);
    } catch (error) {
      redis = broken(error instanceof Error ? error.message : String(error));
    }
  } else {
    redis = unavailable(whyMissing('redis'), command, ci);
  }

  const state: ProvisionState = { chromium, redis };
  for (const need of needs) {
    const provision = state[need];
    if (provision.status !== 'ready') say(unavailableLine(need, provision));
  }
  project.provide('faultlineProvision', state);

  return async () => {
    await stopRedis();
  };
}

function say(line: string): void {
  console.log(`faultline tests: ${line}`);
}

/** The sources of the test files of the run; undefined when vitest does not say which they are. */
function runSources(project: TestProject): string[] | undefined {
  let paths: string[];
  try {
    paths = project.vitest.state.getPaths();
  } catch {
    return undefined;
  }
  if (paths.length === 0) return undefined;
  return paths.map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  });
}

/**
 * Runs `apt-get update` and `apt-get install` for `packages`, saying so and how it went.
 * Resolves with why they were not installed, or undefined when they were.
 */
async function aptGetInstall(packages: readonly string[], sudo: boolean, needs: readonly Need[]): Promise<string | undefined> {
  const users = needs.filter((need) => packages.includes(PACKAGES[need])).map((need) => USERS[need]);
  say(`installing ${packages.join(' ')} with apt-get${sudo ? ' (sudo)' : ''} (for ${users.join(' and ')})…`);
  const started = performance.now();
  const [update, install] = aptCommands(packages, sudo) as [string[], string[]];
  const updated = await run(update);
  if (updated.status !== 0) say(`apt-get update failed (${updated.summary}); installing from the package lists there are`);
  const installed = await run(install);
  const took = seconds(performance.now() - started);
  if (installed.status === 0) {
    say(`installed ${packages.join(' ')} in ${took}`);
    return undefined;
  }
  say(`apt-get could not install ${packages.join(' ')} (after ${took}): ${installed.summary}`);
  return `apt-get install failed (${installed.summary})`;
}

/** Runs a command, collecting its output; resolves with its exit status and a one-line summary of a failure. */
function run(argv: readonly string[]): Promise<{ status: number | null; summary: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('error', (error) => resolve({ status: null, summary: `${argv.join(' ')}: ${error.message}` }));
    child.once('close', (status, signal) => {
      const last = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      resolve({ status, summary: `${argv.slice(argv.indexOf('apt-get')).slice(0, 2).join(' ')} exited with ${status ?? signal}${last ? `: ${last}` : ''}` });
    });
  });
}

/** Whether `sudo -n true` succeeds: sudo without a password. */
function passwordlessSudo(): boolean {
  if (onPath('sudo') === undefined) return false;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

function onPath(command: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

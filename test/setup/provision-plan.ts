/**
 * The decisions of the tests' provisioning (`test/setup/provision.ts`), as pure functions of what
 * the machine has, so that they can be tested without apt-get: which of the test files of a run
 * need Chromium or Redis, what is missing, whether and how it can be installed, what the tests
 * are told when it cannot (skip, or fail under CI) and which command would provision it.
 *
 * The state handed to the test files (`inject('faultlineProvision')`) is declared here too.
 */

/** What a test file may need from the machine. */
export type Need = 'chromium' | 'redis';

export const NEEDS: readonly Need[] = ['chromium', 'redis'];

/** The Debian package of each need. */
export const PACKAGES: Readonly<Record<Need, string>> = { chromium: 'chromium', redis: 'redis-server' };

/** The tests that need it, for messages. */
export const USERS: Readonly<Record<Need, string>> = { chromium: 'the browser test of report.html', redis: 'the cluster tests' };

/** Where Debian's chromium package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** A need the tests cannot have: their tests are skipped with the reason, or fail with it. */
export interface Unavailable {
  status: 'skip' | 'fail';
  /** Why, in a sentence. */
  reason: string;
  /** The command that provisions it, when there is one. */
  command?: string;
}

export type ChromiumProvision = { status: 'ready'; /** The executable playwright-core launches. */ path: string } | Unavailable;
export type RedisProvision =
  | {
      status: 'ready';
      /** redis://… of the one server of the test run. */
      url: string;
      /** Whether it is the FAULTLINE_TEST_REDIS server (else the setup started it and stops it at the end). */
      external: boolean;
    }
  | Unavailable;

/** What `test/setup/provision.ts` hands to the test files. */
export interface ProvisionState {
  chromium: ChromiumProvision;
  redis: RedisProvision;
}

declare module 'vitest' {
  interface ProvidedContext {
    faultlineProvision: ProvisionState;
  }
}

/**
 * FAULTLINE_TEST_PROVISION: `auto` (the default) installs what is missing when it can; `never`
 * does not run apt-get (what is missing is skipped); `pretend-missing` acts as if Chromium and
 * Redis were neither installed nor installable (and ignores FAULTLINE_TEST_REDIS and
 * FAULTLINE_TEST_CHROMIUM), to see the tests skip (or fail, with CI=true) on a provisioned machine.
 */
export type ProvisionMode = 'auto' | 'never' | 'pretend-missing';

const MODES: readonly ProvisionMode[] = ['auto', 'never', 'pretend-missing'];

/** @throws Error for a FAULTLINE_TEST_PROVISION that is none of the modes. */
export function provisionMode(env: NodeJS.ProcessEnv): ProvisionMode {
  const value = (env.FAULTLINE_TEST_PROVISION ?? '').trim();
  if (value === '') return 'auto';
  if ((MODES as readonly string[]).includes(value)) return value as ProvisionMode;
  throw new Error(`FAULTLINE_TEST_PROVISION=${value}: expected one of ${MODES.join(', ')}`);
}

/** Whether this is CI (`CI` set, and not to `false` or `0`): there a test that cannot run fails instead of skipping. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/**
 * What a test file needs, from its source: `needs('chromium')` / `needs('redis')` (see
 * `test/setup/needs.ts`), or what implies them — importing playwright-core, starting a Redis
 * server with the helpers of test/helpers/redis-server.ts.
 */
export function needsOfSource(source: string): Need[] {
  const found = new Set<Need>();
  for (const match of source.matchAll(/\bneeds\(\s*['"](chromium|redis)['"]\s*\)/g)) found.add(match[1] as Need);
  if (/from\s+['"]playwright-core['"]/.test(source)) found.add('chromium');
  if (/\b(?:testRedisServer|startRedisServer)\(/.test(source)) found.add('redis');
  return NEEDS.filter((need) => found.has(need));
}

/**
 * What the test files of a run need. `sources` is undefined when the files of the run are not
 * known: then everything is provisioned.
 */
export function needsOfRun(sources: readonly string[] | undefined): Need[] {
  if (sources === undefined || sources.length === 0) return [...NEEDS];
  const found = new Set(sources.flatMap(needsOfSource));
  return NEEDS.filter((need) => found.has(need));
}

/** What the machine has, as far as the needs of a run go. */
export interface Found {
  /** The Chromium executable, when there is one. */
  chromium?: string | undefined;
  /** The redis-server executable, when there is one. */
  redisServer?: string | undefined;
  /** FAULTLINE_TEST_REDIS: a server to use instead of starting one (no redis-server needed then). */
  externalRedis?: string | undefined;
  /** FAULTLINE_TEST_CHROMIUM: a browser to use instead of Debian's (nothing is installed for it then). */
  externalChromium?: string | undefined;
}

/** The Debian packages a run needs and the machine lacks, in a stable order. */
export function missingPackages(needs: readonly Need[], found: Found): string[] {
  const missing: string[] = [];
  if (needs.includes('chromium') && !found.chromium && !found.externalChromium) missing.push(PACKAGES.chromium);
  if (needs.includes('redis') && !found.redisServer && !found.externalRedis) missing.push(PACKAGES.redis);
  return missing;
}

/** Who may run apt-get here. */
export interface Privileges {
  mode: ProvisionMode;
  /** Running as root (uid 0). */
  root: boolean;
  /** `sudo -n true` succeeds: sudo without a password. */
  sudo: boolean;
  /** apt-get is on PATH. */
  aptGet: boolean;
}

/** How to install the missing packages, or why they cannot be. */
export type InstallDecision = { install: true; sudo: boolean } | { install: false; reason: string };

export function installDecision(privileges: Privileges): InstallDecision {
  if (privileges.mode === 'pretend-missing') return { install: false, reason: 'FAULTLINE_TEST_PROVISION=pretend-missing acts as if it were missing and could not be installed' };
  if (privileges.mode === 'never') return { install: false, reason: 'FAULTLINE_TEST_PROVISION=never: the test setup does not run apt-get' };
  if (!privileges.aptGet) return { install: false, reason: 'the test setup installs it with apt-get, and there is no apt-get here' };
  if (privileges.root) return { install: true, sudo: false };
  if (privileges.sudo) return { install: true, sudo: true };
  return { install: false, reason: 'installing it needs root or sudo without a password, and this is neither' };
}

/** The commands (argv) that install `packages`: `apt-get update`, then `apt-get install`. */
export function aptCommands(packages: readonly string[], sudo: boolean): string[][] {
  const asRoot = sudo ? ['sudo', '-n'] : [];
  // DPkg::Lock::Timeout: another test run on the machine may be installing at the same time.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  return [
    [...asRoot, 'apt-get', 'update', '-qq', ...lock],
    [...asRoot, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...lock, ...packages],
  ];
}

/** The one command, for a person, that provisions `packages`. */
export function manualCommand(packages: readonly string[]): string {
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** The state of a need that cannot be provisioned: skipped, or failed under CI. */
export function unavailable(reason: string, command: string | undefined, ci: boolean): Unavailable {
  return ci ? { status: 'fail', reason: `${reason} (with CI=true this fails instead of skipping)`, ...(command ? { command } : {}) } : { status: 'skip', reason, ...(command ? { command } : {}) };
}

/** The state of a need that is broken (a server that does not answer, a bad path): always a failure. */
export function broken(reason: string): Unavailable {
  return { status: 'fail', reason };
}

/** What the tests of a need are told when it was not provisioned. */
export function describeUnavailable(state: Unavailable): string {
  return state.command ? `${state.reason}; to run them: ${state.command}` : state.reason;
}

/** The reason given when a package is missing and was not installed. */
export function missingReason(need: Need, why: string): string {
  const what = need === 'chromium' ? `Chromium (${DEBIAN_CHROMIUM}, Debian's ${PACKAGES.chromium})` : `redis-server (/usr/bin/redis-server or on PATH, Debian's ${PACKAGES.redis})`;
  return `${what} is not installed: ${why}`;
}

/** The reason given to the tests of a need that no test file of the run asked for when it started (vitest's watch mode). */
export function notRequestedReason(need: Need): string {
  return `${need === 'chromium' ? 'Chromium' : 'Redis'} was not provisioned: no test file of this vitest run needed it when it started (run vitest again with this file)`;
}

/** What the setup prints (after `faultline tests: `) about a need it could not provision. */
export function unavailableLine(need: Need, state: Unavailable): string {
  const verb = state.status === 'fail' ? 'FAILING' : 'SKIPPING';
  return `${verb} ${USERS[need]}: ${describeUnavailable(state)}`;
}

/** Milliseconds as `12.3 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

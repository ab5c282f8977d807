import { describe, expect, it } from 'vitest';
import {
  aptCommands,
  broken,
  describeUnavailable,
  installDecision,
  isCi,
  manualCommand,
  missingPackages,
  missingReason,
  needsOfRun,
  needsOfSource,
  provisionMode,
  unavailable,
  unavailableLine,
  type Privileges,
} from './provision-plan.ts';

// The sources below are built from pieces so that this file itself does not read as needing
// Chromium or Redis to the setup (which scans the files of the run for these calls).
const call = (what: string) => `const provided = ${'needs'}('${what}');`;
const playwright = `import { chromium } from ${"'playwright"}-core';`;
const startsRedis = `const own = await ${'startRedis'}Server();`;

const privileges = (overrides: Partial<Privileges> = {}): Privileges => ({ mode: 'auto', root: false, sudo: false, aptGet: true, ...overrides });

describe('what the test files of a run need', () => {
  it('reads needs() calls and what implies them', () => {
    expect(needsOfSource(call('redis'))).toEqual(['redis']);
    expect(needsOfSource(call('chromium').replaceAll("'", '"'))).toEqual(['chromium']);
    expect(needsOfSource(playwright)).toEqual(['chromium']);
    expect(needsOfSource(startsRedis)).toEqual(['redis']);
    expect(needsOfSource(`${startsRedis}\n${call('chromium')}`)).toEqual(['chromium', 'redis']);
    expect(needsOfSource("import { expect } from 'vitest';\nexpect(1).toBe(1);")).toEqual([]);
  });

  it('is everything when the files of the run are not known, nothing for unit tests alone', () => {
    expect(needsOfRun(undefined)).toEqual(['chromium', 'redis']);
    expect(needsOfRun([])).toEqual(['chromium', 'redis']);
    expect(needsOfRun(['a unit test', 'another'])).toEqual([]);
    expect(needsOfRun(['a unit test', call('redis'), startsRedis])).toEqual(['redis']);
  });
});

describe('what is missing', () => {
  it('is the Debian packages of the needs the machine lacks', () => {
    expect(missingPackages(['chromium', 'redis'], {})).toEqual(['chromium', 'redis-server']);
    expect(missingPackages(['redis'], {})).toEqual(['redis-server']);
    expect(missingPackages(['chromium', 'redis'], { chromium: '/usr/bin/chromium', redisServer: '/usr/bin/redis-server' })).toEqual([]);
    expect(missingPackages([], {})).toEqual([]);
  });

  it('leaves out what FAULTLINE_TEST_REDIS and FAULTLINE_TEST_CHROMIUM stand for', () => {
    expect(missingPackages(['chromium', 'redis'], { externalRedis: 'redis://127.0.0.1:6379' })).toEqual(['chromium']);
    expect(missingPackages(['chromium', 'redis'], { externalChromium: '/opt/chrome/chrome' })).toEqual(['redis-server']);
  });
});

describe('whether it can be installed', () => {
  it('installs as root, or with sudo without a password, when apt-get is there', () => {
    expect(installDecision(privileges({ root: true }))).toEqual({ install: true, sudo: false });
    expect(installDecision(privileges({ root: true, sudo: true }))).toEqual({ install: true, sudo: false });
    expect(installDecision(privileges({ sudo: true }))).toEqual({ install: true, sudo: true });
  });

  it('does not without root or sudo, without apt-get, or when told not to', () => {
    expect(installDecision(privileges())).toEqual({ install: false, reason: expect.stringContaining('needs root or sudo without a password') });
    expect(installDecision(privileges({ root: true, aptGet: false }))).toEqual({ install: false, reason: expect.stringContaining('there is no apt-get here') });
    expect(installDecision(privileges({ root: true, mode: 'never' }))).toEqual({ install: false, reason: expect.stringContaining('FAULTLINE_TEST_PROVISION=never') });
    expect(installDecision(privileges({ root: true, mode: 'pretend-missing' }))).toEqual({ install: false, reason: expect.stringContaining('FAULTLINE_TEST_PROVISION=pretend-missing') });
  });

  it('runs apt-get update before apt-get install, through sudo -n when not root', () => {
    expect(aptCommands(['chromium', 'redis-server'], false)).toEqual([
      ['apt-get', 'update', '-qq', '-o', 'DPkg::Lock::Timeout=300'],
      ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', 'chromium', 'redis-server'],
    ]);
    const [update, install] = aptCommands(['redis-server'], true);
    expect(update!.slice(0, 4)).toEqual(['sudo', '-n', 'apt-get', 'update']);
    expect(install!.slice(0, 5)).toEqual(['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get']);
    expect(install!.at(-1)).toBe('redis-server');
  });

  it('tells a person the one command that provisions it', () => {
    expect(manualCommand(['chromium', 'redis-server'])).toBe('sudo apt-get install -y --no-install-recommends chromium redis-server');
  });
});

describe('what the tests are told', () => {
  const reason = missingReason('redis', 'installing it needs root or sudo without a password, and this is neither');
  const command = manualCommand(['redis-server']);

  it('skips, with the reason and the command', () => {
    const state = unavailable(reason, command, false);
    expect(state).toEqual({ status: 'skip', reason, command });
    expect(describeUnavailable(state)).toBe(
      `redis-server (/usr/bin/redis-server or on PATH, Debian's redis-server) is not installed: installing it needs root or sudo without a password, and this is neither; to run them: ${command}`,
    );
    expect(unavailableLine('redis', state)).toBe(`SKIPPING the cluster tests: ${describeUnavailable(state)}`);
  });

  it('fails instead under CI', () => {
    const state = unavailable(missingReason('chromium', 'the test setup installs it with apt-get, and there is no apt-get here'), manualCommand(['chromium']), true);
    expect(state.status).toBe('fail');
    expect(state.reason).toMatch(/^Chromium \(\/usr\/bin\/chromium, Debian's chromium\) is not installed: .+ \(with CI=true this fails instead of skipping\)$/);
    expect(unavailableLine('chromium', state)).toMatch(/^FAILING the browser test of report\.html: /);
  });

  it('fails, CI or not, when what it was told to use is broken', () => {
    expect(broken('FAULTLINE_TEST_REDIS=redis://127.0.0.1:1: no Redis answers PING there')).toEqual({
      status: 'fail',
      reason: 'FAULTLINE_TEST_REDIS=redis://127.0.0.1:1: no Redis answers PING there',
    });
  });
});

describe('the environment', () => {
  it('reads FAULTLINE_TEST_PROVISION', () => {
    expect(provisionMode({})).toBe('auto');
    expect(provisionMode({ FAULTLINE_TEST_PROVISION: '' })).toBe('auto');
    expect(provisionMode({ FAULTLINE_TEST_PROVISION: 'never' })).toBe('never');
    expect(provisionMode({ FAULTLINE_TEST_PROVISION: 'pretend-missing' })).toBe('pretend-missing');
    expect(() => provisionMode({ FAULTLINE_TEST_PROVISION: 'sometimes' })).toThrow('FAULTLINE_TEST_PROVISION=sometimes: expected one of auto, never, pretend-missing');
  });

  it('reads CI', () => {
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDiagnostics, diagnosticsPayload, successDiagnostics } from './diagnostics.ts';
import { buildHookEnvironment, DEFAULT_HOOK_PATH } from './hook-environment.ts';
import { LineSplitter } from './line-splitter.ts';
import { LogWindow } from './log-window.ts';
import { scriptCommand } from './run-as-user.ts';
import { formatTimestamp } from './script-log.ts';
import { hookRevisionSource } from './select-hook-revision.ts';

const DEPLOYMENT = { deploymentId: 'd-ENV', applicationName: 'App', deploymentGroupName: 'Group', deploymentGroupId: 'dg-env' };

describe('LogWindow', () => {
  it('drops the oldest whole entries once the window passes its limit', () => {
    const window = new LogWindow({ limit: 10 });
    for (const entry of ['aaaa\n', 'bbbb\n', 'cc\n']) window.append(entry);
    assert.equal(window.text(), 'bbbb\ncc\n');
  });

  it('keeps 2048 characters by default and empties on one longer entry, as the official agent does', () => {
    const window = new LogWindow();
    window.append('x'.repeat(2048));
    assert.equal(window.text().length, 2048);
    window.append('y');
    assert.equal(window.text(), 'y');
    window.append('z'.repeat(2049));
    assert.equal(window.text(), '');
  });
});

describe('LineSplitter', () => {
  it('splits on newlines, keeps split UTF-8 characters whole and returns the unterminated rest', () => {
    const splitter = new LineSplitter();
    const euro = Buffer.from('€');
    assert.deepEqual(splitter.push(Buffer.concat([Buffer.from('one\ntw'), euro.subarray(0, 1)])), ['one\n']);
    assert.deepEqual(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('o\nthree')])), ['tw€o\n']);
    assert.equal(splitter.end(), 'three');
    assert.equal(splitter.end(), undefined);
  });

  it('cuts an endless line into 64 KiB pieces', () => {
    const lines = new LineSplitter().push(Buffer.alloc(200 * 1024, 'a'));
    assert.deepEqual(lines.map((l) => l.length), [65536, 65536, 65536]);
  });
});

describe('diagnosticsPayload', () => {
  it('writes the members in the official order', () => {
    assert.equal(diagnosticsPayload(successDiagnostics()), '{"error_code":0,"script_name":"","message":"Succeeded: ","log":""}');
  });

  it('cuts the oldest log text so the payload fits the 8192-character envelope', () => {
    const log = `${'\u0001'.repeat(2000)}newest line\n`;
    const payload = diagnosticsPayload(buildDiagnostics({ errorCode: 4, scriptName: 's.sh', message: 'failed', log }));
    assert.ok(payload.length <= 8192, String(payload.length));
    assert.ok((JSON.parse(payload) as { log: string }).log.endsWith('newest line\n'));
  });
});

describe('buildHookEnvironment', () => {
  it('starts from a clean base and adds the deployment and S3 bundle variables', () => {
    const env = buildHookEnvironment({
      event: 'AfterInstall',
      deployment: { ...DEPLOYMENT, revision: { revisionType: 'S3', bucket: 'b', key: 'k.zip', bundleType: 'zip', version: 'v1', eTag: 'e1' } },
      agentEnv: {
        PATH: '/opt/agent/bin', HOME: '/root', USER: 'root', LANG: 'C.UTF-8', LC_ALL: 'C',
        AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SECRET_KEY: 's', AWS_REGION: 'r', NODE_OPTIONS: '--x',
      },
    });
    assert.deepEqual(env, {
      PATH: DEFAULT_HOOK_PATH, HOME: '/root', USER: 'root', LOGNAME: env.LOGNAME, SHELL: env.SHELL, LANG: 'C.UTF-8', LC_ALL: 'C',
      LIFECYCLE_EVENT: 'AfterInstall', DEPLOYMENT_ID: 'd-ENV', APPLICATION_NAME: 'App', DEPLOYMENT_GROUP_NAME: 'Group',
      DEPLOYMENT_GROUP_ID: 'dg-env', BUNDLE_BUCKET: 'b', BUNDLE_KEY: 'k.zip', BUNDLE_VERSION: 'v1', BUNDLE_ETAG: 'e1',
    });
  });

  it('drops credential names from configured variables and any value holding an agent secret', () => {
    const env = buildHookEnvironment({
      event: 'ApplicationStart', deployment: { ...DEPLOYMENT, revision: { revisionType: 'GitHub', account: 'o', repository: 'r', commitId: 'c0ffee' } },
      agentEnv: {},
      extra: { HTTP_PROXY: 'http://proxy:3128', AWS_SESSION_TOKEN: 't', CUTOVER_AGENT_SECRET_KEY: 'x', SNEAKY: 'prefix-topsecret-suffix' },
      secrets: ['topsecret'],
    });
    assert.equal(env.HTTP_PROXY, 'http://proxy:3128');
    assert.equal(env.BUNDLE_COMMIT, 'c0ffee');
    for (const name of ['AWS_SESSION_TOKEN', 'CUTOVER_AGENT_SECRET_KEY', 'SNEAKY', 'BUNDLE_BUCKET']) assert.equal(env[name], undefined, name);
  });

  it("uses the runas user's identity", () => {
    const env = buildHookEnvironment({
      event: 'AfterInstall', deployment: DEPLOYMENT, agentEnv: { HOME: '/root' },
      user: { name: 'deployer', uid: 1001, gid: 1001, home: '/home/deployer', shell: '/bin/bash' },
    });
    assert.deepEqual([env.HOME, env.USER, env.LOGNAME, env.SHELL], ['/home/deployer', 'deployer', 'deployer', '/bin/bash']);
  });
});

describe('scriptCommand', () => {
  const user = { name: 'deployer', uid: 1001, gid: 1002, home: '/home/deployer', shell: '/bin/sh' };

  it('runs the script directly, or through setpriv with the user and its groups', () => {
    assert.deepEqual(scriptCommand({ scriptPath: '/a/s.sh', agentUid: 0 }), ['/a/s.sh']);
    assert.deepEqual(scriptCommand({ scriptPath: '/a/s.sh', user, agentUid: 0 }),
      ['setpriv', '--reuid=1001', '--regid=1002', '--init-groups', '--', '/a/s.sh']);
    assert.deepEqual(scriptCommand({ scriptPath: '/a/s.sh', user, agentUid: 1001 }), ['/a/s.sh']);
  });

  it('adds sudo -n only when the agent is not root', () => {
    assert.deepEqual(scriptCommand({ scriptPath: '/a/s.sh', sudo: true, agentUid: 0 }), ['/a/s.sh']);
    assert.deepEqual(scriptCommand({ scriptPath: '/a/s.sh', sudo: true, agentUid: 1000 }), ['sudo', '-n', '/a/s.sh']);
  });
});

describe('hookRevisionSource', () => {
  const table: [string, string | undefined, string | undefined, string][] = [
    ['ApplicationStop', undefined, undefined, 'last_successful_install'],
    ['BeforeBlockTraffic', 'user', 'IN_PLACE', 'last_successful_install'],
    ['AfterBlockTraffic', 'user', 'BLUE_GREEN', 'last_successful_install'],
    ['BeforeInstall', 'user', 'IN_PLACE', 'current'],
    ['AfterAllowTraffic', 'codeDeployRollback', 'IN_PLACE', 'current'],
    ['ApplicationStop', 'codeDeployRollback', 'IN_PLACE', 'last_successful_install'],
    ['BeforeBlockTraffic', 'codeDeployRollback', 'BLUE_GREEN', 'most_recent_install'],
    ['AfterBlockTraffic', 'codeDeployRollback', 'BLUE_GREEN', 'most_recent_install'],
    ['ApplicationStop', 'codeDeployRollback', 'BLUE_GREEN', 'last_successful_install'],
    ['BeforeAllowTraffic', 'codeDeployRollback', 'BLUE_GREEN', 'last_successful_install'],
    ['AfterAllowTraffic', 'codeDeployRollback', 'BLUE_GREEN', 'last_successful_install'],
    ['ApplicationStart', 'codeDeployRollback', 'BLUE_GREEN', 'current'],
  ];
  for (const [event, creator, type, expected] of table) {
    it(`runs ${event} from the ${expected} revision for creator ${creator} and type ${type}`, () => {
      assert.equal(hookRevisionSource(event, { deploymentCreator: creator, deploymentType: type }), expected);
    });
  }
});

describe('formatTimestamp', () => {
  it('formats local time as YYYY-MM-DD HH:MM:SS', () => {
    assert.equal(formatTimestamp(new Date(2026, 10, 7, 9, 5, 3)), '2026-11-07 09:05:03');
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, DEFAULT_ROOT_DIR, loadAgentConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-agent-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(text: string, name = `file-${++counter}.yml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const MINIMAL = 'endpoint: http://127.0.0.1:8700\nhost_identifier: arn:aws:iam::123456789012:user/web-1\naccess_key_id: AKIA1\nsecret_access_key: s3cret\n';

function rejectsWith(run: () => unknown, message: string | RegExp): void {
  assert.throws(run, (err: Error) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err.name}: ${err.message}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('the Cutover agent config file', () => {
  it('applies the defaults to a minimal file', () => {
    const config = loadAgentConfig({ configFile: file(MINIMAL) });
    assert.equal(config.endpoint, 'http://127.0.0.1:8700');
    assert.equal(config.hostIdentifier, 'arn:aws:iam::123456789012:user/web-1');
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'AKIA1', secretAccessKey: 's3cret' });
    assert.equal(config.region, 'us-east-1');
    assert.equal(config.rootDir, DEFAULT_ROOT_DIR);
    assert.equal(config.maxRevisions, 5);
    assert.equal(config.verifySpecification, true);
    assert.equal(config.specificationCertificate, undefined);
    assert.deepEqual(config.s3.credentials.get(), config.credentials.get(), 'S3 uses the same keys by default');
    assert.equal(config.s3.region, 'us-east-1');
    assert.deepEqual(config.pollBackoff, { initialMs: 1000, multiplier: 2, maxMs: 90_000 });
  });

  it('reads every key, with separate S3 keys, a certificate and small backoff values', () => {
    const cert = file('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'spec.crt');
    const config = loadAgentConfig({ configFile: file(`${MINIMAL}region: eu-west-1\nroot_dir: /srv/root\nlog_dir: /var/log/x\nmax_revisions: 2
s3_endpoint: http://127.0.0.1:9000\ns3_region: us-west-2\ns3_access_key_id: S3KEY\ns3_secret_access_key: S3SECRET
verify_specification: false\nspecification_certificate: ${cert}\npoll_backoff:\n  initial_seconds: 0.2\n  max_seconds: 1\npoll_interval_seconds: 0
bundle_limits:\n  max_bytes: 1000\n  max_entries: 10\n`) });
    assert.equal(config.region, 'eu-west-1');
    assert.equal(config.rootDir, '/srv/root');
    assert.equal(config.logDir, '/var/log/x');
    assert.equal(config.maxRevisions, 2);
    assert.deepEqual({ ...config.s3, credentials: config.s3.credentials.get() },
      { endpoint: 'http://127.0.0.1:9000', region: 'us-west-2', credentials: { accessKeyId: 'S3KEY', secretAccessKey: 'S3SECRET' } });
    assert.equal(config.verifySpecification, false);
    assert.match(config.specificationCertificate!, /BEGIN CERTIFICATE/);
    assert.deepEqual(config.pollBackoff, { initialMs: 200, maxMs: 1000, multiplier: 2 });
    assert.equal(config.pollIntervalMs, 0);
    assert.deepEqual(config.bundleLimits, { maxBytes: 1000, maxEntries: 10 });
  });

  it('reads credentials from a shared-credentials file and picks up a rewritten file', () => {
    const creds = file('[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n\n[other]\naws_access_key_id = X\naws_secret_access_key = Y\n', 'credentials');
    const config = loadAgentConfig({ configFile: file(`endpoint: https://cutover.internal\nhost_identifier: h\ncredentials_file: ${creds}\n`) });
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'AKIAFILE', secretAccessKey: 'file-secret' });
    writeFileSync(creds, '[default]\naws_access_key_id = AKIANEW\naws_secret_access_key = new-secret\naws_session_token = tok\n');
    utimesSync(creds, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret', sessionToken: 'tok' });
  });

  it('names the file and the key for every mistake', () => {
    rejectsWith(() => loadAgentConfig({ configFile: join(dir, 'missing.yml') }), `Agent config file ${join(dir, 'missing.yml')} does not exist`);
    const noEndpoint = file('host_identifier: h\naccess_key_id: a\nsecret_access_key: b\n');
    rejectsWith(() => loadAgentConfig({ configFile: noEndpoint }), `${noEndpoint}: 'endpoint' is required`);
    const badRevisions = file(`${MINIMAL}max_revisions: 0\n`);
    rejectsWith(() => loadAgentConfig({ configFile: badRevisions }), `${badRevisions}: 'max_revisions' must be at least 1`);
    rejectsWith(() => loadAgentConfig({ configFile: file(`${MINIMAL}max_revisions: 2.5\n`) }), /'max_revisions' must be an integer/);
    rejectsWith(() => loadAgentConfig({ configFile: file(`${MINIMAL}endpoint_url: x\n`) }), /unknown key 'endpoint_url'/);
    rejectsWith(() => loadAgentConfig({ configFile: file(`${MINIMAL}poll_backoff:\n  initial: 1\n`) }), /unknown key 'poll_backoff.initial'/);
    rejectsWith(() => loadAgentConfig({ configFile: file(MINIMAL.replace('http://127.0.0.1:8700', 'ftp://x')) }), /'endpoint' must be an http:\/\/ or https:\/\/ URL/);
    rejectsWith(() => loadAgentConfig({ configFile: file(MINIMAL.replace('secret_access_key: s3cret\n', '')) }), /'secret_access_key' is required/);
    rejectsWith(() => loadAgentConfig({ configFile: file('endpoint: [unclosed\n') }), /is not valid YAML/);
    rejectsWith(() => loadAgentConfig({ configFile: file(`${MINIMAL}verify_specification: maybe\n`) }), /'verify_specification' must be true or false/);
    const creds = file('[default]\naws_access_key_id = A\n', 'partial-credentials');
    rejectsWith(() => loadAgentConfig({ configFile: file(`endpoint: http://x\nhost_identifier: h\ncredentials_file: ${creds}\n`) }),
      `Credentials file ${creds}: 'aws_secret_access_key' is missing from [default]`);
  });

  it('takes the identity and keys from an official on-premises file it names', () => {
    const onPrem = file('iam_user_arn: arn:aws:iam::123456789012:user/web-9\naws_access_key_id: AKIAONPREM\naws_secret_access_key: onprem-secret\nregion: ap-south-1\n');
    const config = loadAgentConfig({ configFile: file(`endpoint: http://127.0.0.1:8700\non_premises_config_file: ${onPrem}\n`) });
    assert.equal(config.hostIdentifier, 'arn:aws:iam::123456789012:user/web-9');
    assert.equal(config.region, 'ap-south-1');
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'AKIAONPREM', secretAccessKey: 'onprem-secret' });
  });
});

describe('the shipped example, deploy/agent.example.yml', () => {
  it('is a valid config once its credentials and certificate files exist', () => {
    const example = readFileSync(join(import.meta.dirname, '..', '..', 'deploy', 'agent.example.yml'), 'utf8');
    const creds = file('[default]\naws_access_key_id = CKIAEXAMPLE\naws_secret_access_key = example\n', 'example-credentials');
    const cert = file('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', 'example.crt');
    const config = loadAgentConfig({ configFile: file(example.replace('/etc/cutover/agent-credentials', creds).replace('/etc/cutover/spec-signing.crt', cert)) });
    assert.equal(config.endpoint, 'http://cutover.internal:8700');
    assert.equal(config.credentials.get().accessKeyId, 'CKIAEXAMPLE');
  });
});

describe("the official agent's files", () => {
  const userOnPrem = () => file('---\nregion: us-east-1\niam_user_arn: arn:aws:iam::123456789012:user/host-a\naws_access_key_id: AKIAOFFICIAL\naws_secret_access_key: official-secret\n');

  it('reads codedeployagent.yml symbol keys and the on-premises file it names (iam_user_arn)', () => {
    const agentYml = file(`---\n:log_aws_wire: false\n:log_dir: '/var/log/aws/codedeploy-agent/'\n:pid_dir: '/opt/codedeploy-agent/state/.pid/'
:program_name: codedeploy-agent\n:root_dir: '${dir}/official-root'\n:verbose: false\n:wait_between_runs: 1\n:proxy_uri:\n:max_revisions: 3
:deploy_control_endpoint: 'http://127.0.0.1:8700'\n:s3_endpoint_override: 'http://127.0.0.1:9000'\n:on_premises_config_file: ${userOnPrem()}\n`);
    const config = loadAgentConfig({ officialConfigFile: agentYml, env: {} });
    assert.equal(config.endpoint, 'http://127.0.0.1:8700');
    assert.equal(config.rootDir, `${dir}/official-root`);
    assert.equal(config.logDir, '/var/log/aws/codedeploy-agent/');
    assert.equal(config.maxRevisions, 3);
    assert.equal(config.s3.endpoint, 'http://127.0.0.1:9000');
    assert.equal(config.hostIdentifier, 'arn:aws:iam::123456789012:user/host-a');
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'AKIAOFFICIAL', secretAccessKey: 'official-secret' });
    assert.deepEqual(config.warnings, [], 'an empty :proxy_uri: is not worth a warning');
  });

  it('reads an iam_session_arn on-premises file with its credentials file', () => {
    const creds = file('[default]\naws_access_key_id = ASIASESSION\naws_secret_access_key = session-secret\naws_session_token = session-token\n', 'session-credentials');
    const onPrem = file(`region: us-west-2\niam_session_arn: arn:aws:sts::123456789012:assumed-role/CodeDeploy/host-b\naws_credentials_file: ${creds}\n`);
    const agentYml = file(`:deploy_control_endpoint: http://127.0.0.1:8700\n:on_premises_config_file: ${onPrem}\n:proxy_uri: http://proxy:3128\n`);
    const config = loadAgentConfig({ officialConfigFile: agentYml, env: {} });
    assert.equal(config.hostIdentifier, 'arn:aws:sts::123456789012:assumed-role/CodeDeploy/host-b');
    assert.equal(config.region, 'us-west-2');
    assert.equal(config.rootDir, '/opt/codedeploy-agent/deployment-root');
    assert.deepEqual(config.credentials.get(), { accessKeyId: 'ASIASESSION', secretAccessKey: 'session-secret', sessionToken: 'session-token' });
    assert.match(config.warnings.join('\n'), /':proxy_uri:' is ignored/);
  });

  it('gives the official errors for on-premises files with both ARNs or a missing key', () => {
    const both = file('region: r\niam_user_arn: a\niam_session_arn: b\naws_access_key_id: k\naws_secret_access_key: s\n');
    rejectsWith(() => loadAgentConfig({ officialConfigFile: file(`:deploy_control_endpoint: http://x\n:on_premises_config_file: ${both}\n`), env: {} }),
      `${both}: On Premises config cannot contain both 'iam_user_arn' and 'iam_session_arn' keys.`);
    const noSecret = file('region: r\niam_user_arn: arn:aws:iam::123456789012:user/x\naws_access_key_id: k\n');
    rejectsWith(() => loadAgentConfig({ officialConfigFile: file(`:deploy_control_endpoint: http://x\n:on_premises_config_file: ${noSecret}\n`), env: {} }),
      `${noSecret}: 'aws_secret_access_key' key is required when 'iam_user_arn' is provided.`);
    const noFile = file('region: r\niam_session_arn: arn:aws:sts::123456789012:assumed-role/R/s\n');
    rejectsWith(() => loadAgentConfig({ officialConfigFile: file(`:deploy_control_endpoint: http://x\n:on_premises_config_file: ${noFile}\n`), env: {} }),
      `${noFile}: 'aws_credentials_file' key is required when 'iam_session_arn' is provided.`);
  });

  it('requires :deploy_control_endpoint: and an identity, from the on-premises file or the environment', () => {
    const noEndpoint = file(`:root_dir: /x\n:on_premises_config_file: ${userOnPrem()}\n`);
    rejectsWith(() => loadAgentConfig({ officialConfigFile: noEndpoint, env: {} }), /':deploy_control_endpoint' is required/);
    const noOnPrem = file(`:deploy_control_endpoint: http://x\n:on_premises_config_file: ${join(dir, 'absent.yml')}\n`);
    rejectsWith(() => loadAgentConfig({ officialConfigFile: noOnPrem, env: {} }), /does not exist, and AWS_HOST_IDENTIFIER is not set/);
    const fromEnv = loadAgentConfig({ officialConfigFile: noOnPrem, env: { AWS_HOST_IDENTIFIER: 'arn:aws:iam::1:user/e', AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY: 'AK', AWS_SECRET_KEY: 'SK' } });
    assert.equal(fromEnv.hostIdentifier, 'arn:aws:iam::1:user/e');
    assert.equal(fromEnv.region, 'eu-north-1');
    assert.deepEqual(fromEnv.credentials.get(), { accessKeyId: 'AK', secretAccessKey: 'SK' });
  });

  it('refuses --config and --official-config together', () => {
    rejectsWith(() => loadAgentConfig({ configFile: 'a', officialConfigFile: 'b' }), 'give either --config or --official-config, not both');
  });
});

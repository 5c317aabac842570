import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signRequest } from '../client/sign-request.ts';
import { parseAuthorization, verifySignature } from '../api/sigv4.ts';

const credentials = { accessKeyId: 'CKIATESTKEY000000001', secretAccessKey: 'secret/with+chars=' };
const url = new URL('http://127.0.0.1:8700/');
const body = Buffer.from('{"applicationName":"web"}');

function signed(now = new Date()) {
  const headers = signRequest({ method: 'POST', url, body, headers: { host: url.host, 'x-amz-target': 'CodeDeploy_20141006.GetApplication' } },
    { credentials, region: 'us-east-1', service: 'codedeploy', now });
  return { method: 'POST', path: '/', query: '', headers, body };
}

describe('SigV4 signing and verification', () => {
  it('verifies a request signed with the same secret', () => {
    const request = signed();
    verifySignature(request, parseAuthorization(request.headers.authorization), credentials.secretAccessKey, Date.now());
  });

  it('refuses a wrong secret, a changed body and a stale date with InvalidSignatureException', () => {
    const request = signed();
    const claim = parseAuthorization(request.headers.authorization);
    assert.throws(() => verifySignature(request, claim, 'other', Date.now()), { type: 'InvalidSignatureException' });
    const tampered = { ...request, body: Buffer.from('{"applicationName":"wez"}') };
    assert.throws(() => verifySignature(tampered, claim, credentials.secretAccessKey, Date.now()), { type: 'InvalidSignatureException' });
    const old = signed(new Date(Date.now() - 16 * 60 * 1000));
    assert.throws(() => verifySignature(old, parseAuthorization(old.headers.authorization), credentials.secretAccessKey, Date.now()),
      { type: 'InvalidSignatureException', message: /Signature expired/ });
  });

  it('hashes the body itself when x-amz-content-sha256 is absent, as the aws CLI sends', () => {
    const headers = signRequest({ method: 'POST', url, body, headers: { host: url.host } },
      { credentials, region: 'us-east-1', service: 'codedeploy', omitPayloadHashHeader: true });
    assert.equal(headers['x-amz-content-sha256'], undefined);
    const request = { method: 'POST', path: '/', query: '', headers, body };
    const claim = parseAuthorization(headers.authorization);
    verifySignature(request, claim, credentials.secretAccessKey, Date.now());
    assert.throws(() => verifySignature({ ...request, body: Buffer.from('{}') }, claim, credentials.secretAccessKey, Date.now()),
      { type: 'InvalidSignatureException' });
  });

  it('answers a missing or malformed Authorization header with the AWS error names', () => {
    assert.throws(() => parseAuthorization(undefined), { type: 'MissingAuthenticationTokenException' });
    assert.throws(() => parseAuthorization('AWS4-HMAC-SHA256 Credential=x'), { type: 'IncompleteSignatureException' });
  });
});

import type { Clock } from '../core/clock.ts';
import type { AccessKeyStore } from '../store/access-keys.ts';
import type { Caller } from './action.ts';
import { AwsError } from './errors.ts';
import { parseAuthorization, verifySignature, type SignedRequest } from './sigv4.ts';

/**
 * Establishes who signed a request: parses the SigV4 Authorization header, checks the signing
 * name, finds the key and verifies the signature. Throws the AWS error a client expects.
 */
export async function authenticate(
  request: SignedRequest,
  options: { keys: AccessKeyStore; clock: Clock; signingNames: readonly string[] },
): Promise<Caller> {
  const authorization = request.headers.authorization;
  const claim = parseAuthorization(Array.isArray(authorization) ? authorization[0] : authorization);
  if (!options.signingNames.includes(claim.service)) {
    throw new AwsError('InvalidSignatureException',
      `Credential should be scoped to correct service: '${options.signingNames[0]}'.`);
  }
  const key = await options.keys.findActive(claim.accessKeyId);
  if (!key) {
    throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  verifySignature(request, claim, key.secretAccessKey, options.clock.now());
  return { accessKeyId: key.accessKeyId, role: key.role, instanceName: key.instanceName };
}

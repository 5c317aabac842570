import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { signRequest, type SigningCredentials } from './sign-request.ts';

/** A raw AWS JSON 1.1 response: status, error type (if any) and parsed body. */
export interface JsonRpcResponse {
  status: number;
  errorType?: string;
  body: any;
  raw: string;
}

/** Where and as whom to call an AWS JSON 1.1 service. */
export interface JsonRpcOptions {
  endpoint: string;
  credentials: SigningCredentials;
  region?: string;
  /** Signing name, e.g. `codedeploy` or `codedeploy-commands`. */
  service: string;
  /** Target prefix, e.g. `CodeDeploy_20141006`. */
  targetPrefix: string;
}

/**
 * Calls one operation of an AWS JSON 1.1 service with a SigV4-signed POST. Used where no SDK
 * client exists (the host-command API) and by tests that need the raw response.
 */
export async function callJsonRpc(options: JsonRpcOptions, operation: string, input: unknown, extraHeaders: Record<string, string> = {}): Promise<JsonRpcResponse> {
  const url = new URL('/', options.endpoint);
  const body = Buffer.from(typeof input === 'string' ? input : JSON.stringify(input ?? {}));
  const headers = signRequest({
    method: 'POST', url, body,
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${options.targetPrefix}.${operation}`, ...extraHeaders },
  }, { credentials: options.credentials, region: options.region ?? 'us-east-1', service: options.service });
  return send(url, headers, body);
}

// Connections are reused across calls: an agent polls all day, and a fleet benchmark runs
// hundreds of simulated agents in one process.
const HTTP_AGENT = new HttpAgent({ keepAlive: true });
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true });

function send(url: URL, headers: Record<string, string>, body: Buffer): Promise<JsonRpcResponse> {
  const secure = url.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', agent: secure ? HTTPS_AGENT : HTTP_AGENT, headers: { ...headers, 'content-length': String(body.length) } };
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const errorType = res.headers['x-amzn-errortype'];
        resolve({ status: res.statusCode ?? 0, errorType: Array.isArray(errorType) ? errorType[0] : errorType, body: parseOrRaw(raw), raw });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parseOrRaw(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return raw;
  }
}

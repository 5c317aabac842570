import type { Logger } from 'pino';
import type { ActionContext, ActionHandler, Caller } from './action.ts';
import { AwsError } from './errors.ts';
import { toWireJson } from './wire.ts';

/** One AWS JSON 1.1 service: its target prefix, its operations and who may call them. */
export interface JsonService {
  targetPrefix: string;
  /** Signing names accepted for this service, e.g. `codedeploy`. */
  signingNames: readonly string[];
  actions: Record<string, ActionHandler>;
  /** Checks a decoded request body and returns the handler's input; throws AwsError when invalid. */
  validate(operation: string, body: unknown): unknown;
  /** Throws AccessDeniedException when the caller may not call the operation. */
  authorize(caller: Caller, operation: string): void;
}

/** A response as the HTTP layer writes it. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * Runs one JSON 1.1 call whose signature has already been verified: picks the operation from
 * the target, decodes and validates the body, calls the handler and renders the result.
 * Never throws: every failure becomes an error response.
 */
export async function invokeJsonService(
  service: JsonService,
  request: { target: string; body: Buffer; requestId: string },
  ctx: Omit<ActionContext, 'log'> & { log: Logger },
): Promise<WireResponse> {
  const operation = request.target.slice(service.targetPrefix.length + 1);
  try {
    const handler = service.actions[operation];
    if (!handler || !Object.hasOwn(service.actions, operation)) {
      throw new AwsError('UnknownOperationException', `Unknown operation ${request.target}`);
    }
    service.authorize(ctx.caller, operation);
    const input = service.validate(operation, decodeJson(request.body));
    const output = await handler(input, ctx);
    return respond(200, toWireJson(output), request.requestId);
  } catch (error) {
    return renderError(error, ctx.log, request.requestId, operation);
  }
}

// Fatal, so that bytes which are not UTF-8 are refused instead of silently becoming U+FFFD and
// reaching a handler (and the store) as a different string than the client sent.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a JSON body; an empty body counts as `{}` as AWS accepts it. */
export function decodeJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(UTF8.decode(body));
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid UTF-8 JSON');
  }
}

/** Renders any thrown value: AwsError as itself, anything else as InternalFailure (logged). */
export function renderError(error: unknown, log: Logger, requestId: string, operation?: string): WireResponse {
  if (error instanceof AwsError) {
    const r = error.toResponse();
    return { status: r.status, headers: { ...r.headers, ...baseHeaders(requestId) }, body: r.body };
  }
  log.error({ err: error, operation, requestId }, 'request failed unexpectedly');
  const internal = new AwsError('InternalFailure', `An internal error occurred (request ${requestId})`).toResponse();
  return { status: internal.status, headers: { ...internal.headers, ...baseHeaders(requestId) }, body: internal.body };
}

function respond(status: number, body: string, requestId: string): WireResponse {
  return { status, headers: baseHeaders(requestId), body };
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId };
}

import { MODELED_ERRORS } from './modeled-errors.ts';

/**
 * Errors AWS JSON services return outside a service's own model (protocol, auth, throttling),
 * with their HTTP status. Anything modeled returns 400, as the CodeDeploy API Reference lists.
 */
const PROTOCOL_ERRORS = {
  SerializationException: 400,
  ValidationException: 400,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 400,
  AccessDeniedException: 400,
  RequestEntityTooLargeException: 413,
  InternalFailure: 500,
  // The host-command protocol's two modeled errors.
  ClientException: 400,
  ServerException: 500,
} as const;

/** Every `__type` Cutover may send: the model's 113 exceptions plus the protocol errors. */
export type AwsErrorName = (typeof MODELED_ERRORS)[number] | keyof typeof PROTOCOL_ERRORS;

const MODELED = new Set<string>(MODELED_ERRORS);

/** Returns true when a string names an exception Cutover may send. */
export function isAwsErrorName(name: string): name is AwsErrorName {
  return MODELED.has(name) || name in PROTOCOL_ERRORS;
}

/**
 * An AwsError is an exception with its wire form: `{"__type", "message"}`, an HTTP status and
 * the `X-Amzn-ErrorType` header. Action handlers throw it; the protocol layer renders it.
 */
export class AwsError extends Error {
  override name = 'AwsError';
  readonly type: AwsErrorName;
  readonly status: number;

  constructor(type: AwsErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.type = type;
    this.status = (PROTOCOL_ERRORS as Record<string, number>)[type] ?? 400;
  }

  /** The response this error renders to. */
  toResponse(): { status: number; headers: Record<string, string>; body: string } {
    return {
      status: this.status,
      headers: { 'x-amzn-errortype': this.type },
      body: JSON.stringify({ __type: this.type, message: this.message }),
    };
  }
}

/** Shorthand for the most common throw: `throw awsError('XException', 'message')`. */
export function awsError(type: AwsErrorName, message: string): AwsError {
  return new AwsError(type, message);
}

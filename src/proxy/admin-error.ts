import { PROXY_ADMIN_ERRORS, type ProxyAdminErrorCode } from '../core/proxy-admin.ts';

/** An admin API refusal that knows its wire form: `{"error":{"code","message"}}` with a 4xx status. */
export class AdminError extends Error {
  override name = 'AdminError';
  readonly code: ProxyAdminErrorCode;

  constructor(code: ProxyAdminErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return PROXY_ADMIN_ERRORS[this.code];
  }

  /** The JSON body the admin API answers with. */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Shorthand for `new AdminError('BadRequest', message)`. */
export function badRequest(message: string): AdminError {
  return new AdminError('BadRequest', message);
}

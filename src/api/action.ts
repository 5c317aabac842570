import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Role } from '../core/roles.ts';
import type { Store } from '../store/store.ts';

/** Who made a request, as established by its signature. */
export interface Caller {
  accessKeyId: string;
  role: Role;
  /** Set for `agent` keys: the on-premises instance the key is bound to. */
  instanceName?: string;
}

/** Everything an action handler may use. Handlers never see the HTTP request or response. */
export interface ActionContext {
  store: Store;
  clock: Clock;
  /** The region this installation reports in ARNs and messages. */
  region: string;
  /** This installation's 12-digit account id, used in ARNs. */
  accountId: string;
  caller: Caller;
  log: Logger;
}

/**
 * An ActionHandler implements one API operation: validated input in, output out. It throws
 * AwsError for anything the caller did wrong and never touches the response.
 */
export type ActionHandler<I = any, O = any> = (input: I, ctx: ActionContext) => Promise<O>;

import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Role } from '../core/roles.ts';
import type { Waker } from '../engine/waker.ts';
import type { SpecSigner } from './host-commands/spec-signer.ts';
import type { Store } from '../store/store.ts';

/** Who made a request, as established by its signature. */
export interface Caller {
  accessKeyId: string;
  role: Role;
  /** Set for `agent` keys: the on-premises instance the key is bound to. */
  instanceName?: string;
}

/** Long-lived services the server shares with its handlers. */
export interface ApiRuntime {
  /** Wakes the engine after recorded intent, and hosts waiting for commands. */
  waker: Waker;
  /** Signs deployment specifications for host agents. */
  specSigner: SpecSigner;
  /** Longest a PollHostCommand waits before answering "no command" (under the agent's 80 s read timeout). */
  pollWaitMs: number;
  /** A delivered command never acknowledged for this long is delivered again. */
  redeliverAfterMs: number;
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
  runtime: ApiRuntime;
  /** Aborts when the client goes away or the server stops (ends long polls early). */
  signal: AbortSignal;
}

/**
 * An ActionHandler implements one API operation: validated input in, output out. It throws
 * AwsError for anything the caller did wrong and never touches the response.
 */
export type ActionHandler<I = any, O = any> = (input: I, ctx: ActionContext) => Promise<O>;

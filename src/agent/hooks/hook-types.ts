import type { BundleRevision } from '../bundle/bundle-revision.ts';

/**
 * One script of a lifecycle hook as the runner needs it. The appspec parser's `HookScript`
 * (src/agent/appspec) satisfies it as is.
 */
export interface HookScriptSpec {
  /** Path relative to the revision root (`deployment-archive`). */
  readonly location: string;
  /** User to run the script as. */
  readonly runas?: string;
  /** Run through `sudo -n` (only meaningful when the agent is not root). */
  readonly sudo?: boolean;
  /** Per-script timeout in whole seconds; 3600 when absent. */
  readonly timeoutSeconds?: number;
}

/** Scripts per lifecycle event, in appspec order (the parser's `hooks` map). */
export type HookScriptsByEvent = ReadonlyMap<string, readonly HookScriptSpec[]>;

/** The deployment a hook runs for: what the deployment specification says about it. */
export interface HookDeployment {
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentGroupId: string;
  /** `user` (default), `codeDeployRollback`, … ; changes hook revision selection. */
  deploymentCreator?: string;
  /** `IN_PLACE` (default) or `BLUE_GREEN`; changes hook revision selection. */
  deploymentType?: string;
  /** Gives hooks the `BUNDLE_*` variables. */
  revision?: BundleRevision;
  /** The appspec file name inside the revision (default `appspec.yml`, no fallback for hooks). */
  appSpecFilename?: string;
}

import type { BundleFiles } from '../../../support/s3.ts';

/** The in-place lifecycle events an appspec may hook. */
export const HOOK_EVENTS = ['ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** What a {@link hookBundle} holds. */
export interface HookBundleSpec {
  version: string;
  /** Shell run by an event's script after the prelude; every event gets a script either way. */
  hooks?: Partial<Record<HookEvent, string>>;
  /** Each hook's timeout in seconds (default 30). */
  timeout?: number;
}

/**
 * A bundle that installs `app/version.txt` (holding the version) into the relative destination
 * `app`, which the agent resolves against its working directory: the host's own directory.
 * Every hook script first sources `./fleet-host.env` (FLEET_HOST, FLEET_SHARED), appends
 * `<event> <version>` to the host's `events.log`, and marks its start and end in the shared
 * timeline (see timeline.ts); then it runs the event's body from `spec.hooks`.
 */
export function hookBundle(spec: HookBundleSpec): BundleFiles {
  const timeout = spec.timeout ?? 30;
  const files: BundleFiles = {
    'appspec.yml': [
      'version: 0.0', 'os: linux', 'files:', '  - source: app', '    destination: app', 'hooks:',
      ...HOOK_EVENTS.map((event) => `  ${event}:\n    - location: scripts/${event}.sh\n      timeout: ${timeout}`),
    ].join('\n') + '\n',
    'app/version.txt': spec.version,
  };
  for (const event of HOOK_EVENTS) files[`scripts/${event}.sh`] = { content: hookScript(spec.version, spec.hooks?.[event] ?? ''), mode: 0o755 };
  return files;
}

/** The prelude every fleet hook script starts with, then `body`. */
export function hookScript(version: string, body: string): string {
  return [
    '#!/bin/sh',
    '. ./fleet-host.env',
    `VERSION='${version}'`,
    'mark() { echo "$1 $FLEET_HOST $DEPLOYMENT_ID $LIFECYCLE_EVENT $(date +%s%N) $VERSION" >> "$FLEET_SHARED/timeline.log"; }',
    'mark start',
    'trap \'mark end\' EXIT',
    'echo "$LIFECYCLE_EVENT $VERSION" >> events.log',
    body,
    '',
  ].join('\n');
}

/** Shell that waits until `file` exists (a test's go-ahead), failing after `seconds`. */
export function waitForFileShell(file: string, seconds = 30): string {
  return `i=0; while [ ! -e '${file}' ]; do i=$((i+1)); [ $i -gt ${seconds * 20} ] && exit 9; sleep 0.05; done`;
}

/**
 * Shell for BeforeInstall that holds each host of a batch of `batch` (out of `hosts`) until the
 * whole batch has reached BeforeInstall, so that a batch's hosts surely overlap however busy
 * the machine is. Gives up after 10 s: a wrong batch size then shows as too little overlap.
 */
export function batchBarrierShell(batch: number, hosts: number): string {
  return [
    `count() { grep -c "^start [^ ]* $DEPLOYMENT_ID BeforeInstall " "$FLEET_SHARED/timeline.log"; }`,
    `c=$(count); want=$(( (c + ${batch} - 1) / ${batch} * ${batch} )); [ $want -gt ${hosts} ] && want=${hosts}`,
    'i=0; while [ "$(count)" -lt $want ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done',
  ].join('\n');
}

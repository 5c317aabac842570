import { LocalDeploymentError } from './local-error.ts';

/** The events `cutover local` runs when given no `--events`, in this order (host-agent.md §4). */
export const DEFAULT_LOCAL_EVENTS: readonly string[] = [
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install',
  'AfterInstall', 'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic',
];

/** The events that run the previous revision's scripts, so they may come before DownloadBundle. */
export const PREVIOUS_REVISION_EVENTS: readonly string[] = ['BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop'];

const BEFORE_INSTALL_ALLOWED = [...PREVIOUS_REVISION_EVENTS, 'DownloadBundle', 'BeforeInstall'];
// Default events that need the new revision: none of them may precede DownloadBundle or Install.
const NEW_REVISION_EVENTS = ['AfterInstall', 'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic'];

/** True for an event that is not one of the default lifecycle events (a custom hook name). */
export function isCustomEvent(event: string): boolean {
  return !DEFAULT_LOCAL_EVENTS.includes(event);
}

/**
 * The events to run for a `--events` value (comma-separated; absent or empty means the default
 * list). The user's order is checked with the official rules and messages; then DownloadBundle
 * and Install are added where missing, each at the first point the order rules allow (so
 * `BeforeInstall,ApplicationStart` runs DownloadBundle, BeforeInstall, Install, ApplicationStart).
 */
export function localEventsToRun(eventsFlag: string | undefined): string[] {
  const given = splitEvents(eventsFlag);
  if (given.length === 0) return [...DEFAULT_LOCAL_EVENTS];
  checkOrder(given, eventsFlag!);
  const events = [...given];
  if (!events.includes('DownloadBundle')) insertAt(events, 'DownloadBundle', 0, PREVIOUS_REVISION_EVENTS);
  if (!events.includes('Install')) insertAt(events, 'Install', events.indexOf('DownloadBundle') + 1, BEFORE_INSTALL_ALLOWED);
  return events;
}

function splitEvents(flag: string | undefined): string[] {
  return (flag ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
}

function checkOrder(events: readonly string[], flag: string): void {
  if (events.includes('DownloadBundle') && anyBefore(events, 'DownloadBundle', [...NEW_REVISION_EVENTS, 'BeforeInstall', 'Install'])) {
    throw new LocalDeploymentError(`The only events that can be specified before DownloadBundle are ${PREVIOUS_REVISION_EVENTS.join(',')}. Please fix the order of your specified events: ${flag}`);
  }
  if (events.includes('Install') && anyBefore(events, 'Install', NEW_REVISION_EVENTS)) {
    throw new LocalDeploymentError(`The only events that can be specified before Install are ${BEFORE_INSTALL_ALLOWED.join(',')}. Please fix the order of your specified events: ${flag}`);
  }
}

function anyBefore(events: readonly string[], marker: string, forbidden: readonly string[]): boolean {
  return events.slice(0, events.indexOf(marker)).some((e) => forbidden.includes(e));
}

// Inserts `event` at the first index from `from` whose event may not run before it.
function insertAt(events: string[], event: string, from: number, allowedBefore: readonly string[]): void {
  let index = from;
  while (index < events.length && allowedBefore.includes(events[index]!)) index++;
  events.splice(index, 0, event);
}

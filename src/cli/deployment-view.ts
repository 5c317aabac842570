import type { DeploymentInfo, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import { currentEvent, type DeploymentSnapshot, type TargetState } from './deployment-snapshot.ts';
import type { ViewLine } from './output/live-view.ts';
import type { Painter } from './output/style.ts';

/** Log tail lines shown under a failed event; the full log is one `cutover logs` away. */
const TAIL_LINES = 10;

/**
 * The lines that show a deployment in progress: a summary with instance counts by status, one
 * line per target with its current lifecycle event, and under each failed event its diagnostics
 * (error code, script, message and the end of the script's log).
 */
export function deploymentLines(snapshot: DeploymentSnapshot, painter: Painter): ViewLine[] {
  const lines: ViewLine[] = [{ key: 'summary', text: summaryLine(snapshot.info, painter) }];
  const width = Math.max(0, ...snapshot.targets.map((t) => t.targetId.length));
  for (const target of snapshot.targets) {
    lines.push({ key: `target:${target.targetId}`, text: targetLine(target, width, painter) });
  }
  for (const target of snapshot.targets) {
    for (const event of target.lifecycleEvents.filter((e) => e.status === 'Failed')) lines.push(...failureLines(target, event, painter));
  }
  return lines;
}

/** `d-ABC  InProgress  Pending 1  InProgress 1  Succeeded 0  Failed 0  Skipped 0` */
export function summaryLine(info: DeploymentInfo, painter: Painter): string {
  const o = info.deploymentOverview ?? {};
  const counts = ([['Pending', o.Pending], ['InProgress', o.InProgress], ['Succeeded', o.Succeeded], ['Failed', o.Failed], ['Skipped', o.Skipped]] as const)
    .map(([name, n]) => `${name} ${n ?? 0}`).join('  ');
  return `${painter.paint('bold', info.deploymentId ?? '?')}  ${painter.status(info.status ?? 'Unknown')}  ${counts}`;
}

function targetLine(target: TargetState, width: number, painter: Painter): string {
  const event = currentEvent(target);
  const at = event && target.status === 'InProgress' ? `  ${event.lifecycleEventName}` : '';
  const failedAt = target.status === 'Failed' && event ? `  at ${event.lifecycleEventName}` : '';
  return `  ${target.targetId.padEnd(width)}  ${painter.status(target.status)}${at}${failedAt}`;
}

function failureLines(target: TargetState, event: LifecycleEvent, painter: Painter): ViewLine[] {
  const d = event.diagnostics ?? {};
  const key = `failure:${target.targetId}:${event.lifecycleEventName}`;
  const head = [d.errorCode, d.scriptName, d.message].filter(Boolean).join(': ');
  const lines: ViewLine[] = [{ key, text: painter.paint('red', `  ✗ ${target.targetId} ${event.lifecycleEventName} failed: ${head || 'no diagnostics'}`) }];
  const tail = (d.logTail ?? '').split('\n').filter((l) => l.trim() !== '').slice(-TAIL_LINES);
  tail.forEach((line, i) => lines.push({ key: `${key}:${i}`, text: painter.paint('gray', `      | ${line}`) }));
  return lines;
}

/** What is printed once a deployment has ended: its error and any rollback it started. */
export function outcomeLines(info: DeploymentInfo, painter: Painter): string[] {
  const lines: string[] = [];
  if (info.status === 'Succeeded') lines.push(painter.paint('green', `Deployment ${info.deploymentId} succeeded.`));
  else lines.push(painter.paint('red', `Deployment ${info.deploymentId} ${info.status?.toLowerCase() ?? 'ended'}.`));
  const error = info.errorInformation;
  if (error) lines.push(`error: ${[error.code, error.message].filter(Boolean).join(': ')}`);
  const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
  if (rollbackId) lines.push(`rollback deployment: ${rollbackId}  (cutover status ${rollbackId})`);
  if (info.rollbackInfo?.rollbackMessage) lines.push(`rollback: ${info.rollbackInfo.rollbackMessage}`);
  if (info.status !== 'Succeeded') lines.push(`full script logs: cutover logs ${info.deploymentId}`);
  return lines;
}

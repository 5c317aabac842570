import type { AgentLog } from './command-log.ts';
import type { HookDiagnostics } from './hooks/index.ts';
import type { DeploymentRootLayout } from './layout.ts';
import { clearTrackingFiles, findInterruptedCommand, restartFailureDiagnostics, type InterruptedCommand } from './ongoing-deployment.ts';

/** Delivers the Failed completion of an interrupted command. */
export type ReportInterrupted = (command: InterruptedCommand, diagnostics: HookDiagnostics) => Promise<void>;

/**
 * Crash recovery at start-up (host-agent.md §1.3): if a tracking file younger than 24 hours is
 * left in `<root>/ongoing-deployment/`, the agent stopped in the middle of that command, so its
 * most recent one is reported Failed with error code 7 and the official message; then the whole
 * directory is cleared. If reporting throws, the directory is kept so the next start tries again.
 * Returns the command reported, if any.
 */
export async function recoverInterruptedCommand(options: {
  layout: DeploymentRootLayout; nowMs: number; report: ReportInterrupted; log: AgentLog;
}): Promise<InterruptedCommand | undefined> {
  const interrupted = await findInterruptedCommand(options.layout, options.nowMs);
  if (interrupted) {
    options.log.warn({ ...interrupted }, 'a lifecycle event was in progress when the agent stopped; reporting it failed');
    await options.report(interrupted, restartFailureDiagnostics());
  }
  await clearTrackingFiles(options.layout);
  return interrupted;
}

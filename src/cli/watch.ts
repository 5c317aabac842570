import type { CodeDeployClient, DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { FINAL_STATUSES, readDeployment } from './deployment-snapshot.ts';
import { deploymentLines, outcomeLines } from './deployment-view.ts';
import { LiveView } from './output/live-view.ts';
import { Painter } from './output/style.ts';

/** How often `--wait` reads the deployment again (CUTOVER_WATCH_INTERVAL_MS overrides, for tests). */
const INTERVAL_MS = Number(process.env.CUTOVER_WATCH_INTERVAL_MS) || 1000;

/**
 * Shows a deployment live until it ends and returns its final info. With `quiet` (for
 * `--output json`) nothing is printed; the caller prints the result.
 */
export async function watchDeployment(client: CodeDeployClient, deploymentId: string, options: { quiet?: boolean } = {}): Promise<DeploymentInfo> {
  const painter = new Painter();
  const view = new LiveView();
  for (;;) {
    const snapshot = await readDeployment(client, deploymentId);
    if (!options.quiet) view.update(deploymentLines(snapshot, painter));
    if (FINAL_STATUSES.has(snapshot.info.status ?? '')) {
      view.finish();
      if (!options.quiet) process.stdout.write(outcomeLines(snapshot.info, painter).join('\n') + '\n');
      return snapshot.info;
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}

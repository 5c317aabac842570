import { AwsError } from '../errors.ts';

/**
 * The DeploymentExecutionId handed to agents: `Cutover/<region>/<deploymentId>/<hostCommandId>`.
 * Agents treat it as opaque and echo it back; it has the four slash-separated parts the
 * agent's model expects.
 */
export function executionIdOf(region: string, deploymentId: string, hostCommandId: string): string {
  return `Cutover/${region}/${deploymentId}/${hostCommandId}`;
}

/** Reads a DeploymentExecutionId back; throws ClientException for one this server did not issue. */
export function parseExecutionId(executionId: string): { deploymentId: string; hostCommandId: string } {
  const m = /^Cutover\/[^/]+\/(d-[A-Z0-9]{9})\/([^/]+)$/.exec(executionId);
  if (!m) throw new AwsError('ClientException', `Unknown DeploymentExecutionId ${executionId}`);
  return { deploymentId: m[1]!, hostCommandId: m[2]! };
}

import { join } from 'node:path';

/**
 * Paths inside the agent's deployment root, identical to the official agent's layout so that
 * operators' tooling and habits carry over. Note the hyphen in `-cleanup` / `-install.json` and
 * the underscore in `_last_successful_install` / `_most_recent_install`: both are as the
 * official agent writes them.
 */
export class DeploymentRootLayout {
  readonly root: string;

  constructor(options: { root: string }) {
    this.root = options.root;
  }

  /** `<root>/<group>`: every deployment of one deployment group. */
  groupDir(groupId: string): string {
    return join(this.root, groupId);
  }

  /** `<root>/<group>/<deployment>`: one deployment's directory. */
  deploymentDir(groupId: string, deploymentId: string): string {
    return join(this.root, groupId, deploymentId);
  }

  /** The downloaded bundle, always named `bundle.tar` whatever its type. */
  bundleFile(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'bundle.tar');
  }

  /** The unpacked revision. */
  archiveDir(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'deployment-archive');
  }

  /** The deployment's script log: `YYYY-MM-DD HH:MM:SS <msg>` lines. */
  scriptLog(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'logs', 'scripts.log');
  }

  /** `<root>/deployment-instructions`. */
  instructionsDir(): string {
    return join(this.root, 'deployment-instructions');
  }

  /** Paths installed by the group's last Install, one per line. */
  cleanupFile(groupId: string): string {
    return join(this.instructionsDir(), `${groupId}-cleanup`);
  }

  /** Informational record of the group's last install instructions. */
  installInstructionsFile(groupId: string): string {
    return join(this.instructionsDir(), `${groupId}-install.json`);
  }

  /** Holds the absolute deployment directory of the group's last successful Install. */
  lastSuccessfulInstallFile(groupId: string): string {
    return join(this.instructionsDir(), `${groupId}_last_successful_install`);
  }

  /** Holds the absolute deployment directory of the group's most recent DownloadBundle. */
  mostRecentInstallFile(groupId: string): string {
    return join(this.instructionsDir(), `${groupId}_most_recent_install`);
  }

  /** `<root>/deployment-logs/codedeploy-agent-deployments.log`. */
  deploymentsLog(): string {
    return join(this.root, 'deployment-logs', 'codedeploy-agent-deployments.log');
  }

  /** In-flight tracking file of a deployment; holds the HostCommandIdentifier. */
  ongoingFile(deploymentId: string): string {
    return join(this.root, 'ongoing-deployment', deploymentId);
  }
}

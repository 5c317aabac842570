/**
 * Local runs without a server: `cutover local` (the `codedeploy-local` equivalent, driving the
 * agent's DownloadBundle, Install and hook code in-process) and `cutover validate` (appspec and
 * bundle checks without deploying).
 */
export { DEFAULT_LOCAL_EVENTS, localEventsToRun } from './lifecycle-events.ts';
export { LOCAL_BUNDLE_TYPES, resolveLocalBundle } from './bundle-location.ts';
export { OFFICIAL_AGENT_CONFIG_FILE, readLocalAgentSettings } from './local-config.ts';
export { LocalDeploymentError } from './local-error.ts';
export {
  newLocalDeploymentId, runLocalDeployment, type LocalDeploymentRequest, type LocalDeploymentResult, type LocalEventReport,
} from './local-deployment.ts';

/**
 * A problem with a local deployment's input (flags, bundle location, event list, appspec) or a
 * failed lifecycle event. `cutover local` prints the message after `ERROR: ` and exits 1, as
 * `codedeploy-local` does; messages are the official tool's where it has them.
 */
export class LocalDeploymentError extends Error {
  override name = 'LocalDeploymentError';
}

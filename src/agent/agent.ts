import { SYSTEM_CLOCK, type Clock } from '../core/clock.ts';
import { CommandClient } from './command-client.ts';
import { CommandExecutor } from './command-executor.ts';
import type { AgentLog } from './command-log.ts';
import type { AgentConfig } from './config.ts';
import { secretsOf } from './credentials.ts';
import { DeploymentRootLayout } from './layout.ts';
import { Poller } from './poller.ts';

/**
 * Assembles the agent from its configuration: the protocol client, the command executor and
 * the poller that drives them. The caller runs `poller.run()` and calls `stop()` on a signal.
 */
export function createAgent(config: AgentConfig, options: { log: AgentLog; clock?: Clock }): Poller {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const layout = new DeploymentRootLayout({ root: config.rootDir });
  const client = new CommandClient({ endpoint: config.endpoint, region: config.region, credentials: config.credentials });
  const executor = new CommandExecutor({
    layout, clock, log: options.log, maxRevisions: config.maxRevisions, bundleLimits: config.bundleLimits,
    s3: () => ({ ...(config.s3.endpoint ? { endpoint: config.s3.endpoint } : { serverEndpoint: config.endpoint }), region: config.s3.region, credentials: config.s3.credentials.get(), clock }),
    // The agent's own keys are secrets: hooks never see a variable whose value holds one.
    hookOptions: () => ({
      clock,
      secrets: [...secretsOf(config.credentials.get()), ...secretsOf(config.s3.credentials.get())],
      onWarning: (message) => options.log.warn(message),
    }),
  });
  return new Poller({
    client, executor, layout, clock, log: options.log, hostIdentifier: config.hostIdentifier,
    trust: { verify: config.verifySpecification, ...(config.specificationCertificate ? { certificate: config.specificationCertificate } : {}) },
    backoff: config.pollBackoff, pollIntervalMs: config.pollIntervalMs,
  });
}

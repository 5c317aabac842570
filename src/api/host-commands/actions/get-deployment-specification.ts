import type { ActionHandler } from '../../action.ts';
import { AwsError } from '../../errors.ts';
import type { CommandInput } from '../command-input.ts';
import { deploymentSpecification } from '../deployment-specification.ts';
import { parseExecutionId } from '../execution-id.ts';
import { instanceForHost } from '../host-identity.ts';

/** GetDeploymentSpecification: the signed `PKCS7/JSON` specification of a command's deployment. */
export const getDeploymentSpecification: ActionHandler<CommandInput> = async (input, ctx) => {
  const { deploymentId, hostCommandId } = parseExecutionId(input.string('DeploymentExecutionId', 1024));
  const instanceName = await instanceForHost(input.string('HostIdentifier', 1024), ctx);
  const command = await ctx.store.hostCommands.get(hostCommandId);
  if (!command || command.deploymentId !== deploymentId || command.instanceName !== instanceName) {
    throw new AwsError('ClientException', `No command ${hostCommandId} for this host`);
  }
  const deployment = await ctx.store.deployments.get(deploymentId);
  if (!deployment) throw new AwsError('ClientException', `Deployment ${deploymentId} no longer exists`);
  return {
    DeploymentSystem: 'CodeDeploy',
    DeploymentSpecification: {
      GenericEnvelope: { Format: 'PKCS7/JSON', Payload: ctx.runtime.specSigner.sign(deploymentSpecification(deployment)) },
    },
  };
};

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  GetDeploymentCommand, RegisterOnPremisesInstanceCommand, type CodeDeployClient, type CreateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../../support/dialects.ts';
import { startTestApi } from '../../support/in-process-server.ts';
import { SimulatedAgent } from '../../support/simulated-agent.ts';

const ARN = 'arn:aws:iam::123456789012:user/nr-1';
const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'b', key: 'app.zip', bundleType: 'zip' as const } };

async function givenGroup(client: CodeDeployClient, app: string, input: Partial<CreateDeploymentGroupInput>): Promise<void> {
  await client.send(new CreateApplicationCommand({ applicationName: app }));
  await client.send(new CreateDeploymentGroupCommand({
    applicationName: app, deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
    onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'nr', Type: 'KEY_AND_VALUE' }], ...input,
  }));
}

// A server without a traffic router (the default): in-process, with a simulated agent.
for (const dialect of DIALECTS) {
  describe(`traffic control without a router on ${dialect}`, () => {
    it('fails BlockTraffic with a message saying the server has no traffic router configured', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 200 });
      t.after(() => api.close());
      await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'nr-1', iamUserArn: ARN }));
      await api.client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['nr-1'], tags: [{ Key: 'fleet', Value: 'nr' }, { Key: 'cutover:address', Value: '127.0.0.1:8080' }] }));
      const agent = new SimulatedAgent({ endpoint: api.url, credentials: api.adminCredentials, hostIdentifier: ARN });
      agent.start();
      t.after(() => agent.stop());
      await givenGroup(api.client, 'nr', {
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg' }] },
      });
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({ applicationName: 'nr', deploymentGroupName: 'prod', revision: REVISION }));
      const deadline = Date.now() + 20_000;
      let info = (await api.client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
      while (!['Succeeded', 'Failed', 'Stopped'].includes(info.status!) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        info = (await api.client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
      }
      assert.equal(info.status, 'Failed');
      assert.equal(info.errorInformation?.code, 'ELASTIC_LOAD_BALANCING_INVALID');
      assert.match(info.errorInformation!.message!, /no traffic router configured/);
      assert.deepEqual(agent.executed, ['BeforeBlockTraffic'], 'nothing ran after the failed BlockTraffic');
    });

    it('refuses a blue/green deployment of a COPY_AUTO_SCALING_GROUP group, explaining DISCOVER_EXISTING with targetInstances', async (t) => {
      const api = await startTestApi(dialect, { engine: false });
      t.after(() => api.close());
      await givenGroup(api.client, 'asg', {
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' }, autoScalingGroups: ['asg-web'],
        blueGreenDeploymentConfiguration: { greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' } },
      });
      await assert.rejects(api.client.send(new CreateDeploymentCommand({ applicationName: 'asg', deploymentGroupName: 'prod', revision: REVISION })),
        (e: Error) => e.name === 'InvalidAutoScalingGroupException' && /DISCOVER_EXISTING .*targetInstances/.test(e.message));
    });
  });
}

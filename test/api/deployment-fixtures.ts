import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  RegisterOnPremisesInstanceCommand, type CodeDeployClient, type CreateDeploymentGroupInput, type CreateDeploymentInput,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { Clock } from '../../src/core/clock.ts';
import type { DialectName } from '../../src/store/db.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

/** A service role every test group uses. */
export const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

/** An S3 bundle revision. */
export function s3Revision(key = 'app.zip'): RevisionLocation {
  return { revisionType: 'S3', s3Location: { bucket: 'releases', key, bundleType: 'zip' } };
}

/** Inline Lambda AppSpec content deploying `checkout` from version 1 to 2 behind alias `live`. */
export const LAMBDA_APPSPEC = [
  'version: 0.0',
  'Resources:',
  '  - checkout:',
  '      Type: AWS::Lambda::Function',
  '      Properties:',
  '        Name: checkout',
  '        Alias: live',
  '        CurrentVersion: 1',
  '        TargetVersion: 2',
  'Hooks:',
  '  - BeforeAllowTraffic: validate',
].join('\n');

/** A clock the test moves by hand, starting now (requests are signed with the real time). */
export interface StepClock extends Clock {
  advance(ms: number): number;
}

/**
 * A running API with a stepping clock and a fleet: applications `web` (Server), `fn` (Lambda)
 * and `svc` (ECS); registered instances web-1 and web-2 (role=web), green-1 and green-2
 * (role=green) and db-1 (role=db).
 */
export interface DeploymentFixture {
  api: TestApi;
  client: CodeDeployClient;
  clock: StepClock;
  /** The ARN of a registered instance, as deployments report it. */
  instanceArn(name: string): string;
  createGroup(input: Partial<CreateDeploymentGroupInput>): Promise<void>;
  deploy(input: Partial<CreateDeploymentInput>): Promise<string>;
}

/** ECS groups need a target group pair as well as their service. */
export const ECS_LOAD_BALANCER = {
  targetGroupPairInfoList: [{
    targetGroups: [{ name: 'blue' }, { name: 'green' }],
    prodTrafficRoute: { listenerArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2'] },
  }],
};

/**
 * Starts the fixture; the caller closes `api`. The engine is held, so that deployments stay as
 * the API left them and each test reads exactly what CreateDeployment and the intent-recording
 * calls wrote (the engine's own behaviour is tested in src/engine and test/api/host-commands).
 */
export async function startDeploymentFixture(dialect: DialectName): Promise<DeploymentFixture> {
  let time = Date.now();
  const clock: StepClock = { now: () => time, advance: (ms) => (time += ms) };
  const api = await startTestApi(dialect, { clock, engine: false });
  const client = api.client;
  for (const [applicationName, computePlatform] of [['web', 'Server'], ['fn', 'Lambda'], ['svc', 'ECS']] as const) {
    await client.send(new CreateApplicationCommand({ applicationName, computePlatform }));
  }
  const fleet = { 'web-1': 'web', 'web-2': 'web', 'green-1': 'green', 'green-2': 'green', 'db-1': 'db' };
  for (const [instanceName, role] of Object.entries(fleet)) {
    await client.send(new RegisterOnPremisesInstanceCommand({
      instanceName, iamSessionArn: `arn:aws:sts::123456789012:assumed-role/CodeDeployInstanceRole/${instanceName}`,
    }));
    await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [instanceName], tags: [{ Key: 'role', Value: role }] }));
  }
  const registered = await api.store.instances.listRegistered();
  const arns = new Map(registered.map((i) => [i.instanceName, i.instanceArn]));
  return {
    api,
    client,
    clock,
    instanceArn: (name) => arns.get(name)!,
    async createGroup(input) {
      await client.send(new CreateDeploymentGroupCommand({
        applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE, ...input,
      }));
    },
    async deploy(input) {
      const out = await client.send(new CreateDeploymentCommand({
        applicationName: 'web', deploymentGroupName: 'prod', revision: s3Revision(), ...input,
      }));
      return out.deploymentId!;
    },
  };
}

import type { RegisterOnPremisesInstanceInput } from '@aws-sdk/client-codedeploy';
import { instanceArnOf, isIamSessionArn, isIamUserArn } from '../../core/on-premises.ts';
import type { RegisterOutcome } from '../../store/instances.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkInstanceName } from '../resources/instances.ts';

/**
 * RegisterOnPremisesInstance: adds an instance backed by exactly one IAM identity (a session ARN,
 * as AWS recommends, or a user ARN). Names are never reused: like AWS, a deregistered instance
 * keeps its name, so re-registering it is refused with InstanceNameAlreadyRegisteredException.
 * An IAM ARN, though, backs only a registered instance and is free again once it deregisters.
 */
export const registerOnPremisesInstance: ActionHandler<RegisterOnPremisesInstanceInput, void> = async (input, ctx) => {
  const instanceName = checkInstanceName(input.instanceName);
  const arns = checkIamArns(input);
  const outcome = await ctx.store.instances.register({
    instanceName, ...arns, instanceArn: instanceArnOf({ region: ctx.region, accountId: ctx.accountId, instanceName }),
  });
  if (outcome !== 'registered') throw conflictError(outcome, { instanceName, ...arns });
};

function checkIamArns(input: RegisterOnPremisesInstanceInput): { iamSessionArn?: string; iamUserArn?: string } {
  const { iamSessionArn, iamUserArn } = input;
  if (iamSessionArn && iamUserArn) {
    throw new AwsError('MultipleIamArnsProvidedException', 'Both an IAM user ARN and an IAM session ARN were given; give only one.');
  }
  if (iamSessionArn) {
    if (!isIamSessionArn(iamSessionArn)) throw new AwsError('InvalidIamSessionArnException', `The IAM session ARN ${iamSessionArn} is invalid.`);
    return { iamSessionArn };
  }
  if (iamUserArn) {
    if (!isIamUserArn(iamUserArn)) throw new AwsError('InvalidIamUserArnException', `The IAM user ARN ${iamUserArn} is invalid.`);
    return { iamUserArn };
  }
  throw new AwsError('IamArnRequiredException', 'An IAM session ARN or an IAM user ARN is required.');
}

function conflictError(outcome: Exclude<RegisterOutcome, 'registered'>, given: { instanceName: string; iamSessionArn?: string; iamUserArn?: string }): AwsError {
  switch (outcome) {
    case 'nameTaken':
      return new AwsError('InstanceNameAlreadyRegisteredException', `The on-premises instance name ${given.instanceName} is already registered.`);
    case 'iamSessionArnTaken':
      return new AwsError('IamSessionArnAlreadyRegisteredException', `The IAM session ARN ${given.iamSessionArn} is already registered.`);
    case 'iamUserArnTaken':
      return new AwsError('IamUserArnAlreadyRegisteredException', `The IAM user ARN ${given.iamUserArn} is already registered.`);
  }
}

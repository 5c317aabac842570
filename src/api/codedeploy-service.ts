import { mayCall } from '../core/roles.ts';
import type { Caller } from './action.ts';
import { CODEDEPLOY_ACTIONS } from './actions/index.ts';
import { AwsError } from './errors.ts';
import type { JsonService } from './json-service.ts';
import { CODEDEPLOY_MODEL } from './service-model.ts';
import { validateInput } from './validate.ts';

/** The public CodeDeploy API: the 47 operations of `CodeDeploy_20141006`. */
export const CODEDEPLOY_SERVICE: JsonService = {
  targetPrefix: CODEDEPLOY_MODEL.metadata.targetPrefix,
  signingNames: ['codedeploy'],
  actions: CODEDEPLOY_ACTIONS,
  validate: (operation, body) => validateInput(operation, CODEDEPLOY_MODEL.operations[operation]?.input?.shape, body),
  authorize(caller: Caller, operation: string) {
    if (!mayCall(caller.role, operation)) {
      throw new AwsError('AccessDeniedException',
        `User: ${caller.accessKeyId} (role ${caller.role}) is not authorized to perform: codedeploy:${operation}`);
    }
  },
};

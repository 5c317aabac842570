import type { ActionHandler, Caller } from '../action.ts';
import { AwsError } from '../errors.ts';
import type { JsonService } from '../json-service.ts';
import { getDeploymentSpecification } from './actions/get-deployment-specification.ts';
import { pollHostCommand } from './actions/poll-host-command.ts';
import { postHostCommandUpdate } from './actions/post-host-command-update.ts';
import { putHostCommandAcknowledgement } from './actions/put-host-command-acknowledgement.ts';
import { putHostCommandComplete } from './actions/put-host-command-complete.ts';
import { putHostCommandLog } from './actions/put-host-command-log.ts';
import { CommandInput } from './command-input.ts';

/**
 * The host-command protocol (`CodeDeployCommandService_v20141006`) that host agents speak:
 * Cutover's own agent and the official CodeDeploy agent alike. Signed with the name
 * `codedeploy-commands`; callable by `agent` keys for their own instance and by `admin` keys.
 */
export const COMMAND_SERVICE: JsonService = {
  targetPrefix: 'CodeDeployCommandService_v20141006',
  signingNames: ['codedeploy-commands'],
  actions: {
    PollHostCommand: pollHostCommand,
    GetDeploymentSpecification: getDeploymentSpecification,
    PutHostCommandAcknowledgement: putHostCommandAcknowledgement,
    PutHostCommandComplete: putHostCommandComplete,
    PostHostCommandUpdate: postHostCommandUpdate,
    PutHostCommandLog: putHostCommandLog,
  } satisfies Record<string, ActionHandler<CommandInput>>,
  validate: (_operation, body) => new CommandInput(body),
  authorize(caller: Caller) {
    if (caller.role !== 'agent' && caller.role !== 'admin') {
      throw new AwsError('AccessDeniedException', `User: ${caller.accessKeyId} (role ${caller.role}) may not call the host-command API`);
    }
  },
};

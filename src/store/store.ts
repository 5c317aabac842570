import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';
import type { DialectName } from './db.ts';
import { AccessKeyStore } from './access-keys.ts';
import { ApplicationStore } from './applications.ts';
import { DeploymentConfigStore } from './deployment-configs.ts';
import { DeploymentGroupStore } from './deployment-groups.ts';
import { DeploymentStore } from './deployments.ts';
import { DeploymentTargetStore } from './deployment-targets.ts';
import { GitHubTokenStore } from './github-tokens.ts';
import { HostCommandStore } from './host-commands.ts';
import { InstanceStore } from './instances.ts';
import { ResourceTagStore } from './resource-tags.ts';
import { RevisionStore } from './revisions.ts';
import type { SecretBox } from './secret-box.ts';
import { SettingStore } from './settings.ts';

/** The Store is every repository over one database, handed to actions and the engine. */
export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  settings: SettingStore;
  accessKeys: AccessKeyStore;
  applications: ApplicationStore;
  deploymentConfigs: DeploymentConfigStore;
  deploymentGroups: DeploymentGroupStore;
  resourceTags: ResourceTagStore;
  deployments: DeploymentStore;
  deploymentTargets: DeploymentTargetStore;
  revisions: RevisionStore;
  instances: InstanceStore;
  gitHubTokens: GitHubTokenStore;
  hostCommands: HostCommandStore;
}

/** Builds the repositories over an open database. */
export function createStore(options: { db: Kysely<Database>; dialect: DialectName; secretBox: SecretBox; clock: Clock }): Store {
  const { db, clock } = options;
  return {
    db,
    dialect: options.dialect,
    settings: new SettingStore({ db }),
    accessKeys: new AccessKeyStore({ db, secretBox: options.secretBox, clock }),
    applications: new ApplicationStore({ db, clock }),
    deploymentConfigs: new DeploymentConfigStore({ db, clock }),
    deploymentGroups: new DeploymentGroupStore({ db, clock }),
    resourceTags: new ResourceTagStore({ db, clock }),
    deployments: new DeploymentStore({ db, clock }),
    deploymentTargets: new DeploymentTargetStore({ db, clock }),
    revisions: new RevisionStore({ db, clock }),
    instances: new InstanceStore({ db, clock }),
    gitHubTokens: new GitHubTokenStore({ db, clock }),
    hostCommands: new HostCommandStore({ db, clock }),
  };
}

/**
 * Service limits Cutover enforces, as AWS documents them (codedeploy-semantics.md §13). One
 * place, so the API and the store refuse the same things.
 */

/** Applications per installation (AWS: per account and region). */
export const MAX_APPLICATIONS = 1000;
/** Deployment groups per application. */
export const MAX_DEPLOYMENT_GROUPS_PER_APPLICATION = 1000;
/** Custom deployment configs per installation. */
export const MAX_CUSTOM_DEPLOYMENT_CONFIGS = 200;
/** Tags on one application, deployment group or deployment config. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Names per BatchGetApplications / BatchGetDeploymentGroups call. */
export const MAX_BATCH_GET = 100;
/** Alarms per deployment group. */
export const MAX_ALARMS = 10;
/** Triggers per deployment group. */
export const MAX_TRIGGERS = 10;
/** Auto Scaling groups per deployment group. */
export const MAX_AUTO_SCALING_GROUPS = 10;
/** Tag groups in an ec2TagSet or onPremisesTagSet (ANDed together). */
export const MAX_TAG_SET_GROUPS = 3;
/** Entries in each load balancer list (classic ELBs, target groups). */
export const MAX_LOAD_BALANCERS = 10;
/** Longest wait before blue instances are terminated, in minutes (the API's maximum). */
export const MAX_TERMINATION_WAIT_MINUTES = 2880;
/** Longest time between the first and the last traffic shift of a Lambda deployment, in minutes. */
export const MAX_LAMBDA_SHIFT_MINUTES = 2880;
/** Longest tag key. */
export const MAX_TAG_KEY_LENGTH = 128;
/** Longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 256;

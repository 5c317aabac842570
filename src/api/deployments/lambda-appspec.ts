import { parse } from 'yaml';
import { AwsError } from '../errors.ts';

/** The function a Lambda AppSpec file deploys: its name, alias and the two versions. */
export interface LambdaFunctionSpec {
  functionName: string;
  functionAlias: string;
  currentVersion: string;
  targetVersion: string;
}

const LAMBDA_FUNCTION_TYPE = 'AWS::Lambda::Function';

/**
 * Reads the Lambda function out of inline AppSpec content (YAML or JSON):
 * `Resources: [{ <logical name>: { Type: AWS::Lambda::Function, Properties: { Name, Alias,
 * CurrentVersion, TargetVersion } } }]`. Throws InvalidRevisionException when the content does
 * not parse or lacks any of these, so a broken AppSpec fails at CreateDeployment rather than
 * minutes later in the deployment.
 */
export function lambdaFunctionOf(content: string): LambdaFunctionSpec {
  const properties = lambdaResourceOf(parseAppSpec(content));
  const field = (name: string): string => {
    const value = properties[name];
    if (value === undefined || value === null || value === '') {
      throw new AwsError('InvalidRevisionException', `The AppSpec Lambda function resource needs Properties.${name}.`);
    }
    return String(value);
  };
  return {
    functionName: field('Name'),
    functionAlias: field('Alias'),
    currentVersion: field('CurrentVersion'),
    targetVersion: field('TargetVersion'),
  };
}

function parseAppSpec(content: string): unknown {
  try {
    return parse(content);
  } catch (error) {
    throw new AwsError('InvalidRevisionException', `The AppSpec content is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

function lambdaResourceOf(appSpec: unknown): Record<string, unknown> {
  const resources = (appSpec as { Resources?: unknown } | null)?.Resources;
  const entries = Array.isArray(resources) ? resources.flatMap((r) => Object.values(r ?? {})) : [];
  const resource = entries.find((r) => (r as { Type?: unknown })?.Type === LAMBDA_FUNCTION_TYPE) as
    { Properties?: Record<string, unknown> } | undefined;
  if (!resource) {
    throw new AwsError('InvalidRevisionException', `The AppSpec content has no Resources entry of Type ${LAMBDA_FUNCTION_TYPE}.`);
  }
  return resource.Properties ?? {};
}

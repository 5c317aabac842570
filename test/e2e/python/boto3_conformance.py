#!/usr/bin/env python3
"""Cutover conformance through boto3/botocore.

Driven by test/e2e/boto3.test.ts against a fresh `cutover server`. It

1. fills the server with more than one page (100) of every paginated resource and walks all
   nine CodeDeploy paginators, recording pages and items;
2. captures every raw response body with a botocore event hook and checks it strictly against
   botocore's own service model: unknown member names, wrong JSON types (timestamps must be
   JSON numbers), enum values outside the enum, null values and `{}` sent for absent
   structures are all violations. Error bodies must be `{"__type", "message"}`.

Configuration comes from the environment: CUTOVER_URL, CUTOVER_ACCESS_KEY_ID,
CUTOVER_SECRET_ACCESS_KEY, CUTOVER_TOKEN_NAMES (GitHub token names the test inserted, since
the API has no call that creates one). The report is one JSON document on stdout.
"""

import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

PAGE_SIZE = 100
COUNT = PAGE_SIZE + 1
ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole'
MAIN_APP = 'pg-main'
PREDEFINED_CONFIGS = [
    'CodeDeployDefault.OneAtATime', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.AllAtOnce',
    'CodeDeployDefault.ECSAllAtOnce', 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    'CodeDeployDefault.ECSCanary10Percent15Minutes', 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    'CodeDeployDefault.ECSLinear10PercentEvery3Minutes', 'CodeDeployDefault.LambdaAllAtOnce',
    'CodeDeployDefault.LambdaCanary10Percent5Minutes', 'CodeDeployDefault.LambdaCanary10Percent10Minutes',
    'CodeDeployDefault.LambdaCanary10Percent15Minutes', 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    'CodeDeployDefault.LambdaLinear10PercentEvery1Minute', 'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
    'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
]


# Values AWS itself sends outside the model's enum, verified against AWS's own API reference
# (codedeploy-semantics.md §2.1): GetDeploymentConfig of CodeDeployDefault.OneAtATime answers
# minimumHealthyHosts {type: MOST_CONCURRENCY, value: 1}. Cutover reproduces it on purpose.
KNOWN_AWS_ENUM_EXTENSIONS = {('MinimumHealthyHostsType', 'MOST_CONCURRENCY')}


class StrictBodyChecker:
    """Walks each raw response body against the operation's output shape in botocore's model."""

    def __init__(self, service_model):
        self.service_model = service_model
        self.violations = []
        self.calls = {}
        self.lock = threading.Lock()

    def on_after_call(self, http_response, parsed, model, **kwargs):
        problems = self.check(model, http_response.status_code, http_response.content)
        with self.lock:
            counts = self.calls.setdefault(model.name, {'ok': 0, 'error': 0})
            counts['ok' if http_response.status_code < 300 else 'error'] += 1
            for path, problem in problems:
                self.violations.append({'operation': model.name, 'status': http_response.status_code,
                                        'path': path, 'problem': problem})

    def check(self, model, status, content):
        text = content.decode('utf-8') if content else ''
        if status >= 500:
            return [('$', f'server error {status}: {text[:200]}')]
        try:
            body = json.loads(text) if text else None
        except ValueError:
            return [('$', f'body is not JSON: {text[:200]!r}')]
        if status >= 300:
            return self.check_error(body)
        if model.output_shape is None:
            return [] if body in (None, {}) else [('$', f'operation has no output but sent {text[:200]}')]
        if not isinstance(body, dict):
            return [('$', f'output must be a JSON object, got {text[:200]}')]
        problems = []
        self.walk_structure(model.output_shape, body, '$', problems, top=True)
        return problems

    @staticmethod
    def check_error(body):
        if not isinstance(body, dict):
            return [('$', 'an error body must be a JSON object')]
        problems = []
        if not isinstance(body.get('__type'), str) or not body['__type']:
            problems.append(('$.__type', 'missing'))
        if not isinstance(body.get('message'), str):
            problems.append(('$.message', 'missing'))
        extra = set(body) - {'__type', 'message'}
        if extra:
            problems.append(('$', f'unexpected error members {sorted(extra)}'))
        return problems

    def walk(self, shape, value, path, problems):
        if value is None:
            problems.append((path, 'null sent; absent members must be left out'))
            return
        kind = shape.type_name
        if kind == 'structure':
            if not isinstance(value, dict):
                problems.append((path, f'expected an object for {shape.name}, got {type(value).__name__}'))
                return
            self.walk_structure(shape, value, path, problems, top=False)
        elif kind == 'list':
            if not isinstance(value, list):
                problems.append((path, f'expected a list, got {type(value).__name__}'))
                return
            for i, item in enumerate(value):
                self.walk(shape.member, item, f'{path}[{i}]', problems)
        elif kind == 'map':
            if not isinstance(value, dict):
                problems.append((path, f'expected a map, got {type(value).__name__}'))
                return
            for k, v in value.items():
                self.walk(shape.key, k, f'{path}{{key}}', problems)
                self.walk(shape.value, v, f'{path}.{k}', problems)
        else:
            self.walk_scalar(shape, value, path, problems)

    def walk_structure(self, shape, value, path, problems, top):
        members = shape.members
        if not value and members and not top:
            problems.append((path, f'{{}} sent for {shape.name}; an absent structure must be left out'))
        for name, member_value in value.items():
            if name not in members:
                problems.append((f'{path}.{name}', f'unknown member of {shape.name}'))
                continue
            self.walk(members[name], member_value, f'{path}.{name}', problems)
        for name in shape.required_members:
            if name not in value:
                problems.append((f'{path}.{name}', 'required member missing'))

    @staticmethod
    def walk_scalar(shape, value, path, problems):
        kind = shape.type_name
        if kind == 'string':
            if not isinstance(value, str):
                problems.append((path, f'expected a string, got {json.dumps(value)[:80]}'))
            elif shape.enum and value not in shape.enum and (shape.name, value) not in KNOWN_AWS_ENUM_EXTENSIONS:
                problems.append((path, f'{value!r} is not in enum {shape.name}'))
        elif kind == 'boolean':
            if not isinstance(value, bool):
                problems.append((path, f'expected a boolean, got {json.dumps(value)[:80]}'))
        elif kind in ('integer', 'long'):
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append((path, f'expected an integer, got {json.dumps(value)[:80]}'))
        elif kind in ('double', 'float'):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append((path, f'expected a number, got {json.dumps(value)[:80]}'))
        elif kind == 'timestamp':
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append((path, f'timestamps must be JSON numbers (epoch seconds), got {json.dumps(value)[:80]}'))
        elif kind == 'blob':
            if not isinstance(value, str):
                problems.append((path, 'expected a base64 string'))


class Run:
    """One conformance run: a client, its checker and what was seen."""

    def __init__(self):
        self.client = boto3.client(
            'codedeploy', endpoint_url=os.environ['CUTOVER_URL'], region_name='us-east-1',
            aws_access_key_id=os.environ['CUTOVER_ACCESS_KEY_ID'],
            aws_secret_access_key=os.environ['CUTOVER_SECRET_ACCESS_KEY'],
            config=Config(retries={'max_attempts': 1, 'mode': 'standard'}, max_pool_connections=8))
        self.checker = StrictBodyChecker(self.client.meta.service_model)
        self.client.meta.events.register('after-call.codedeploy', self.checker.on_after_call)
        self.failures = []
        self.paginators = {}
        self.expected_errors = {}

    def call(self, step, operation, **params):
        """Calls an operation that must succeed; a failure is recorded, not raised."""
        try:
            return getattr(self.client, operation)(**params)
        except Exception as error:  # recorded for the report: the run goes on to cover the rest
            self.failures.append({'step': step, 'operation': operation, 'error': describe(error)})
            return None

    def expect_error(self, step, operation, error_names, **params):
        """Calls an operation that must fail with one of `error_names`."""
        try:
            getattr(self.client, operation)(**params)
            got = 'success'
        except ClientError as error:
            got = error.response['Error']['Code']
        except Exception as error:
            got = describe(error)
        self.expected_errors[step] = {'expected': error_names, 'got': got}
        if got not in error_names:
            self.failures.append({'step': step, 'operation': operation,
                                  'error': f'expected {" or ".join(error_names)}, got {got}'})

    def parallel(self, step, operation, param_list):
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda p: self.call(step, operation, **p), param_list))

    def paginate(self, operation, result_key, expected, key=lambda item: item, **params):
        pages = []
        try:
            for page in self.client.get_paginator(operation).paginate(**params):
                pages.append([key(item) for item in page.get(result_key, [])])
        except Exception as error:
            self.paginators[operation] = {'error': describe(error), 'pages': len(pages)}
            return
        items = [item for page in pages for item in page]
        expected = sorted(expected)
        self.paginators[operation] = {
            'pages': len(pages),
            'pageSizes': [len(p) for p in pages],
            'items': len(items),
            'expected': len(expected),
            'duplicates': sorted({i for i in items if items.count(i) > 1})[:10],
            'missing': sorted(set(expected) - set(items))[:10],
            'unexpected': sorted(set(items) - set(expected))[:10],
        }


def grouped(failures):
    """Folds repeated failures (a missing operation fails a hundred setup calls) into counts."""
    counts = {}
    for f in failures:
        key = f"{f['step']} {f['operation']}: {f['error']}"
        counts[key] = counts.get(key, 0) + 1
    return [f'{key} (x{n})' if n > 1 else key for key, n in counts.items()]


def describe(error):
    if isinstance(error, ClientError):
        e = error.response.get('Error', {})
        return f"{e.get('Code')}: {e.get('Message')}"
    return f'{type(error).__name__}: {error}'


def names(prefix, count=COUNT):
    return [f'{prefix}-{i:03d}' for i in range(count)]


def revision(i):
    return {'revisionType': 'S3', 's3Location': {'bucket': 'pg-bundles', 'key': f'builds/{i:03d}.zip', 'bundleType': 'zip'}}


def fill(run):
    """Creates more than a page of every paginated resource."""
    apps = names('pg-app')
    run.call('setup', 'create_application', applicationName=MAIN_APP)
    run.parallel('setup', 'create_application', [{'applicationName': a} for a in apps])
    configs = names('pg-cfg', 90)
    run.parallel('setup', 'create_deployment_config', [
        {'deploymentConfigName': c, 'minimumHealthyHosts': {'type': 'HOST_COUNT', 'value': i % 3}} for i, c in enumerate(configs)])
    hosts = names('pg-host')
    run.parallel('setup', 'register_on_premises_instance', [
        {'instanceName': h, 'iamSessionArn': f'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/{h}'}
        for h in hosts + ['pg-single']])
    run.call('setup', 'add_tags_to_on_premises_instances', instanceNames=hosts[:PAGE_SIZE], tags=[{'Key': 'fleet', 'Value': 'big'}])
    run.call('setup', 'add_tags_to_on_premises_instances', instanceNames=hosts[PAGE_SIZE:], tags=[{'Key': 'fleet', 'Value': 'big'}])
    run.call('setup', 'add_tags_to_on_premises_instances', instanceNames=['pg-single'], tags=[{'Key': 'role', 'Value': 'single'}])
    groups = names('pg-dg')
    run.parallel('setup', 'create_deployment_group', [
        {'applicationName': MAIN_APP, 'deploymentGroupName': g, 'serviceRoleArn': ROLE_ARN,
         'deploymentConfigName': 'CodeDeployDefault.AllAtOnce',
         'onPremisesInstanceTagFilters': [{'Key': 'fleet', 'Value': 'big', 'Type': 'KEY_AND_VALUE'} if i == 0
                                          else {'Key': 'role', 'Value': 'single', 'Type': 'KEY_AND_VALUE'}]}
        for i, g in enumerate(groups)])
    run.parallel('setup', 'register_application_revision', [
        {'applicationName': MAIN_APP, 'revision': revision(i), 'description': f'build {i}'} for i in range(COUNT)])
    created = run.parallel('setup', 'create_deployment', [
        {'applicationName': MAIN_APP, 'deploymentGroupName': g, 'revision': revision(i)} for i, g in enumerate(groups)])
    deployments = [c['deploymentId'] for c in created if c]
    return {'apps': apps + [MAIN_APP], 'configs': PREDEFINED_CONFIGS + configs, 'hosts': hosts + ['pg-single'],
            'groups': groups, 'deployments': deployments, 'big': deployments[0] if deployments else None}


def walk_paginators(run, made, token_names):
    run.paginate('list_applications', 'applications', made['apps'])
    run.paginate('list_deployment_configs', 'deploymentConfigsList', made['configs'])
    run.paginate('list_deployment_groups', 'deploymentGroups', made['groups'], applicationName=MAIN_APP)
    run.paginate('list_on_premises_instances', 'instanceNames', made['hosts'])
    run.paginate('list_application_revisions', 'revisions', [f'builds/{i:03d}.zip' for i in range(COUNT)],
                 key=lambda r: r['s3Location']['key'], applicationName=MAIN_APP)
    run.paginate('list_deployments', 'deployments', made['deployments'])
    run.paginate('list_git_hub_account_token_names', 'tokenNameList', token_names)
    big = made['big'] or 'd-MISSING00'
    run.paginate('list_deployment_targets', 'targetIds', made['hosts'][:COUNT], deploymentId=big)
    run.paginate('list_deployment_instances', 'instancesList', made['hosts'][:COUNT], deploymentId=big)


def read_everything(run, made):
    """Calls every read operation once, so each output shape meets the strict check."""
    big = made['big'] or 'd-MISSING00'
    host = made['hosts'][0]
    run.call('read', 'get_application', applicationName=MAIN_APP)
    run.call('read', 'batch_get_applications', applicationNames=made['apps'][:5])
    for name in ['CodeDeployDefault.OneAtATime', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.ECSCanary10Percent5Minutes',
                 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute', made['configs'][-1]]:
        run.call('read', 'get_deployment_config', deploymentConfigName=name)
    run.call('read', 'get_deployment_group', applicationName=MAIN_APP, deploymentGroupName=made['groups'][0])
    run.call('read', 'batch_get_deployment_groups', applicationName=MAIN_APP,
             deploymentGroupNames=made['groups'][:3] + ['pg-dg-missing'])
    run.call('read', 'get_on_premises_instance', instanceName=host)
    run.call('read', 'batch_get_on_premises_instances', instanceNames=made['hosts'][:25])
    run.call('read', 'get_application_revision', applicationName=MAIN_APP, revision=revision(0))
    run.call('read', 'batch_get_application_revisions', applicationName=MAIN_APP, revisions=[revision(i) for i in range(5)])
    run.call('read', 'get_deployment', deploymentId=big)
    run.call('read', 'batch_get_deployments', deploymentIds=made['deployments'][:100])
    run.call('read', 'get_deployment_target', deploymentId=big, targetId=host)
    run.call('read', 'batch_get_deployment_targets', deploymentId=big, targetIds=made['hosts'][:25])
    run.call('read', 'get_deployment_instance', deploymentId=big, instanceId=host)
    run.call('read', 'batch_get_deployment_instances', deploymentId=big, instanceIds=made['hosts'][:25])
    run.call('read', 'list_deployment_targets', deploymentId=big, targetFilters={'TargetStatus': ['Pending']})
    run.call('read', 'list_deployment_instances', deploymentId=big, instanceStatusFilter=['Pending'])
    run.call('read', 'list_application_revisions', applicationName=MAIN_APP, sortBy='registerTime', sortOrder='descending',
             s3Bucket='pg-bundles', s3KeyPrefix='builds/00', deployed='include')
    run.call('read', 'list_on_premises_instances', registrationStatus='Registered',
             tagFilters=[{'Key': 'role', 'Value': 'single', 'Type': 'KEY_AND_VALUE'}])
    run.call('read', 'list_deployments', applicationName=MAIN_APP, deploymentGroupName=made['groups'][0],
             includeOnlyStatuses=['Created', 'Queued', 'InProgress'])


def write_everything(run, made, token_names):
    """Calls every write operation once (after the paginators, so their counts stay exact)."""
    account_arn = 'arn:aws:codedeploy:us-east-1::'
    run.call('write', 'tag_resource', ResourceArn=f'{account_arn}application:{MAIN_APP}', Tags=[{'Key': 'team', 'Value': 'web'}])
    run.call('write', 'list_tags_for_resource', ResourceArn=f'{account_arn}application:{MAIN_APP}')
    run.call('write', 'untag_resource', ResourceArn=f'{account_arn}application:{MAIN_APP}', TagKeys=['team'])
    run.call('write', 'create_deployment_config', deploymentConfigName='pg-ecs-linear', computePlatform='ECS',
             trafficRoutingConfig={'type': 'TimeBasedLinear', 'timeBasedLinear': {'linearPercentage': 25, 'linearInterval': 2}})
    run.call('write', 'get_deployment_config', deploymentConfigName='pg-ecs-linear')
    run.call('write', 'delete_deployment_config', deploymentConfigName='pg-ecs-linear')
    run.call('write', 'stop_deployment', deploymentId=made['deployments'][-1] if made['deployments'] else 'd-MISSING00',
             autoRollbackEnabled=False)
    if made['deployments']:
        run.call('write', 'get_deployment', deploymentId=made['deployments'][-1])
    run.call('write', 'update_deployment_group', applicationName=MAIN_APP, currentDeploymentGroupName=made['groups'][-1],
             newDeploymentGroupName='pg-dg-renamed', autoRollbackConfiguration={'enabled': True, 'events': ['DEPLOYMENT_FAILURE']})
    run.call('write', 'get_deployment_group', applicationName=MAIN_APP, deploymentGroupName='pg-dg-renamed')
    run.call('write', 'delete_deployment_group', applicationName=MAIN_APP, deploymentGroupName='pg-dg-renamed')
    run.call('write', 'update_application', applicationName=made['apps'][0], newApplicationName='pg-app-renamed')
    run.call('write', 'delete_application', applicationName='pg-app-renamed')
    run.call('write', 'remove_tags_from_on_premises_instances', instanceNames=['pg-single'], tags=[{'Key': 'role', 'Value': 'single'}])
    run.call('write', 'deregister_on_premises_instance', instanceName='pg-single')
    run.call('write', 'get_on_premises_instance', instanceName='pg-single')
    if token_names:
        run.call('write', 'delete_git_hub_account_token', tokenName=token_names[0])
    run.call('write', 'delete_resources_by_external_id', externalId='pg-external')
    big = made['big'] or 'd-MISSING00'
    run.expect_error('continue an in-place deployment', 'continue_deployment',
                     ['UnsupportedActionForDeploymentTypeException', 'DeploymentIsNotInReadyStateException'],
                     deploymentId=big, deploymentWaitType='READY_WAIT')
    run.expect_error('skip the termination wait of an in-place deployment', 'skip_wait_time_for_instance_termination',
                     ['UnsupportedActionForDeploymentTypeException', 'DeploymentNotStartedException'], deploymentId=big)
    run.expect_error('report a hook status for a server deployment', 'put_lifecycle_event_hook_execution_status',
                     ['UnsupportedActionForDeploymentTypeException', 'InvalidLifecycleEventHookExecutionIdException'],
                     deploymentId=big, lifecycleEventHookExecutionId='00000000-0000-0000-0000-000000000000', status='Succeeded')
    run.expect_error('get a missing application', 'get_application', ['ApplicationDoesNotExistException'], applicationName='pg-nope')


def main():
    token_names = [t for t in os.environ.get('CUTOVER_TOKEN_NAMES', '').split(',') if t]
    run = Run()
    made = fill(run)
    walk_paginators(run, made, token_names)
    read_everything(run, made)
    write_everything(run, made, token_names)
    report = {
        'paginators': run.paginators,
        'violations': run.checker.violations[:200],
        'violationCount': len(run.checker.violations),
        'calls': run.checker.calls,
        'failures': grouped(run.failures),
        'failureCount': len(run.failures),
        'expectedErrors': run.expected_errors,
    }
    json.dump(report, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()

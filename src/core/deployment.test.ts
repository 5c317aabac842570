import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTIVE_DEPLOYMENT_STATUSES, activeDeploymentMessage, isDeploymentStatus, isFinalStatus, isTargetLabel, isTargetStatus,
  overviewOf, planStop, type DeploymentStatus, type TargetStatus,
} from './deployment.ts';

describe('deployment statuses', () => {
  it('treats Succeeded, Failed and Stopped as final and everything else as active', () => {
    const table: [DeploymentStatus, boolean][] = [
      ['Created', false], ['Queued', false], ['InProgress', false], ['Baking', false], ['Ready', false],
      ['Succeeded', true], ['Failed', true], ['Stopped', true],
    ];
    for (const [status, final] of table) assert.equal(isFinalStatus(status), final, status);
    assert.deepEqual([...ACTIVE_DEPLOYMENT_STATUSES], ['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);
  });

  it('recognises the exact AWS spellings only', () => {
    assert.equal(isDeploymentStatus('InProgress'), true);
    assert.equal(isDeploymentStatus('In Progress'), false);
    assert.equal(isDeploymentStatus('succeeded'), false);
    assert.equal(isTargetStatus('Unknown'), true);
    assert.equal(isTargetStatus('Created'), false);
    assert.equal(isTargetLabel('Green'), true);
    assert.equal(isTargetLabel('GREEN'), false);
  });
});

describe('deployment overview', () => {
  it('counts every status with zeros for the absent ones', () => {
    assert.deepEqual(overviewOf([]), { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 });
  });

  it('counts targets per status and leaves Unknown out', () => {
    const statuses: TargetStatus[] = ['Pending', 'Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Ready', 'Unknown'];
    assert.deepEqual(overviewOf(statuses), { Pending: 2, InProgress: 1, Succeeded: 1, Failed: 1, Skipped: 1, Ready: 1 });
  });
});

describe('stop planning', () => {
  const table: [DeploymentStatus, TargetStatus[], string][] = [
    ['Created', [], 'stop-now'],
    ['Created', ['Pending', 'Pending'], 'stop-now'],
    ['Queued', ['Pending', 'Skipped'], 'stop-now'],
    ['Created', ['Pending', 'InProgress'], 'stop-later'],
    ['InProgress', ['Pending'], 'stop-later'],
    ['Ready', ['Ready'], 'stop-later'],
    ['Baking', ['Succeeded'], 'stop-later'],
    ['Succeeded', ['Succeeded'], 'already-final'],
    ['Failed', [], 'already-final'],
    ['Stopped', ['Skipped'], 'already-final'],
  ];
  for (const [status, targets, plan] of table) {
    it(`plans ${plan} for a ${status} deployment with targets [${targets.join(', ')}]`, () => {
      assert.equal(planStop(status, targets), plan);
    });
  }
});

describe('the deployment limit message', () => {
  it('names the group and the active deployment as AWS does', () => {
    assert.equal(activeDeploymentMessage('web-prod', 'd-ABCDEFGH1'),
      "The Deployment Group 'web-prod' already has an active Deployment 'd-ABCDEFGH1'");
  });
});

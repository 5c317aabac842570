import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LOCAL_EVENTS, localEventsToRun } from './lifecycle-events.ts';
import { LocalDeploymentError } from './local-error.ts';

describe('localEventsToRun', () => {
  it('runs the default events in the official order when none are given', () => {
    assert.deepEqual(localEventsToRun(undefined), DEFAULT_LOCAL_EVENTS);
    assert.deepEqual(localEventsToRun(''), DEFAULT_LOCAL_EVENTS);
  });

  it('adds DownloadBundle and Install at the first place the order rules allow', () => {
    assert.deepEqual(localEventsToRun('BeforeInstall,ApplicationStart'), ['DownloadBundle', 'BeforeInstall', 'Install', 'ApplicationStart']);
    assert.deepEqual(localEventsToRun('ApplicationStart,CustomEvent'), ['DownloadBundle', 'Install', 'ApplicationStart', 'CustomEvent']);
    assert.deepEqual(localEventsToRun('ApplicationStop, ApplicationStart'), ['ApplicationStop', 'DownloadBundle', 'Install', 'ApplicationStart']);
    assert.deepEqual(localEventsToRun('DownloadBundle,ApplicationStart'), ['DownloadBundle', 'Install', 'ApplicationStart']);
    assert.deepEqual(localEventsToRun('Install,ApplicationStart'), ['DownloadBundle', 'Install', 'ApplicationStart']);
  });

  it('refuses events that need the new revision before DownloadBundle or Install, with the official messages', () => {
    assert.throws(() => localEventsToRun('ApplicationStart,DownloadBundle'), new LocalDeploymentError(
      'The only events that can be specified before DownloadBundle are BeforeBlockTraffic,AfterBlockTraffic,ApplicationStop. Please fix the order of your specified events: ApplicationStart,DownloadBundle'));
    assert.throws(() => localEventsToRun('Install,DownloadBundle'), /before DownloadBundle are/);
    assert.throws(() => localEventsToRun('DownloadBundle,AfterInstall,Install'), new LocalDeploymentError(
      'The only events that can be specified before Install are BeforeBlockTraffic,AfterBlockTraffic,ApplicationStop,DownloadBundle,BeforeInstall. Please fix the order of your specified events: DownloadBundle,AfterInstall,Install'));
    assert.deepEqual(localEventsToRun('ApplicationStop,DownloadBundle,BeforeInstall,Install'), ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install']);
  });
});

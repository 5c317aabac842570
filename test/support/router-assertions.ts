import assert from 'node:assert/strict';
import { get } from 'node:http';
import { TrafficRouterError, type TargetDescription, type TrafficRouter } from '../../src/engine/traffic/traffic-router.ts';

/** Waits until the router describes `address` in `group` as `state`. */
export async function waitForState(router: TrafficRouter, group: string, address: string, state: TargetDescription['state']): Promise<void> {
  await waitFor(async () => (await router.describe(group)).find((d) => d.address === address)?.state === state, `${address} to be ${state}`);
}

/** Polls `check` every 50 ms until it holds, failing with `what` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Asserts that a router call fails with the given TrafficRouterError failure. */
export async function assertFailure(promise: Promise<unknown>, failure: TrafficRouterError['failure']): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TrafficRouterError, String(error));
    assert.equal(error.failure, failure, error.message);
    return true;
  });
}

/** GETs a URL on a fresh connection and returns its trimmed body. */
export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body.trim()));
    }).on('error', reject);
  });
}

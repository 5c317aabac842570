import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { Clock } from '../../src/core/clock.ts';
import type { Role } from '../../src/core/roles.ts';
import type { EngineSettings } from '../../src/engine/settings.ts';
import type { DialectName } from '../../src/store/db.ts';
import type { Store } from '../../src/store/store.ts';
import { startServer } from '../../src/bin/server.ts';
import { freshDatabaseUrl } from './dialects.ts';
import { codeDeployClient } from './sdk.ts';
import { readCredentials } from './server-process.ts';

/** A real server in this process, on a real socket, with an admin SDK client. */
export interface TestApi {
  url: string;
  store: Store;
  /** SDK client signed with the admin key. */
  client: CodeDeployClient;
  /** SDK client signed with a new key of another role. */
  clientAs(role: Role): Promise<CodeDeployClient>;
  /** The admin key, for raw protocol calls. */
  adminCredentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

/** Starts the full API pipeline in-process (port 0) on a fresh database of `dialect`. */
export async function startTestApi(dialect: DialectName, options: { clock?: Clock; engine?: Partial<EngineSettings> | false; pollWaitMs?: number } = {}): Promise<TestApi> {
  const database = await freshDatabaseUrl(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-api-'));
  process.env.CUTOVER_LOG_LEVEL ??= 'warn';
  const server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, databaseUrl: database.url, region: 'us-east-1', quiet: true, clock: options.clock,
    engine: options.engine || undefined, runEngine: options.engine !== false, pollWaitMs: options.pollWaitMs,
  });
  const admin = readCredentials(join(dataDir, 'admin-credentials'));
  return {
    url: server.url,
    store: server.store,
    client: codeDeployClient(server.url, admin),
    adminCredentials: admin,
    async clientAs(role: Role) {
      const key = await server.store.accessKeys.create({ role, instanceName: role === 'agent' ? 'test-instance' : undefined });
      return codeDeployClient(server.url, key);
    },
    async close() {
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

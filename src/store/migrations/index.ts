import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.ts';
import * as deploymentLookups from './002-deployment-lookups.ts';
import * as hostCommands from './003-host-commands.ts';
import * as engineIndexes from './004-engine-indexes.ts';
import * as bundleObjects from './005-bundle-objects.ts';

/**
 * The migrations, in order. A static list rather than a folder scan, so that the same code runs
 * under tsx and after compilation.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-deployment-lookups': deploymentLookups,
  '003-host-commands': hostCommands,
  '004-engine-indexes': engineIndexes,
  '005-bundle-objects': bundleObjects,
};

/** Hands Kysely's Migrator the static list above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

import { Command, Option } from 'commander';
import { SYSTEM_CLOCK } from '../core/clock.ts';
import { ROLES, type Role } from '../core/roles.ts';
import { openDatabase } from '../store/db.ts';
import { SecretBox } from '../store/secret-box.ts';
import { createStore, type Store } from '../store/store.ts';
import { ensureDataDir, loadSecretKey, writeCredentialsFile } from './data-dir.ts';
import { databaseUrlOption, dataDirOption, regionOption } from './options.ts';

interface StoreFlags {
  dataDir: string;
  databaseUrl?: string;
}

/**
 * `cutover keys`: manages API access keys directly in the store, on the server's machine, like
 * the admin key that `cutover server` creates. It needs the data directory because the key that
 * seals secrets lives there.
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description('manage API access keys (run where the data directory is)');
  keys.command('create')
    .description('create an access key and print its secret once')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).default('deployer'))
    .option('--instance-name <name>', 'on-premises instance an agent key is bound to (required for --role agent)')
    .option('--description <text>', 'free text shown by `keys list`', '')
    .option('--credentials-file <path>', 'also write the key as an AWS shared-credentials file')
    .option('--output <format>', 'text or json', 'text')
    .addOption(dataDirOption()).addOption(databaseUrlOption()).addOption(regionOption())
    .addHelpText('after', '\nExamples:\n  cutover keys create --role readonly --description "dashboards"\n  cutover keys create --role deployer --credentials-file ./ci-credentials')
    .action(createKey);
  keys.command('list')
    .description('list access keys (never their secrets)')
    .option('--output <format>', 'text or json', 'text')
    .addOption(dataDirOption()).addOption(databaseUrlOption())
    .addHelpText('after', '\nExample:\n  cutover keys list --output json')
    .action(listKeys);
  keys.command('revoke <access-key-id>')
    .description('revoke an access key; requests signed with it are refused from then on')
    .addOption(dataDirOption()).addOption(databaseUrlOption())
    .addHelpText('after', '\nExample:\n  cutover keys revoke CKIAEXAMPLE123456789')
    .action(revokeKey);
  return keys;
}

async function withStore<T>(flags: StoreFlags, run: (store: Store) => Promise<T>): Promise<T> {
  const dataDir = ensureDataDir(flags.dataDir);
  const { db, dialect } = await openDatabase({ dataDir, databaseUrl: flags.databaseUrl });
  const store = createStore({ db, dialect, clock: SYSTEM_CLOCK, secretBox: new SecretBox({ key: loadSecretKey(dataDir) }) });
  try {
    return await run(store);
  } finally {
    await db.destroy();
  }
}

async function createKey(flags: StoreFlags & { role: Role; instanceName?: string; description: string; credentialsFile?: string; output: string; region: string }): Promise<void> {
  if (flags.role === 'agent' && !flags.instanceName) throw new Error('--role agent needs --instance-name');
  if (flags.role !== 'agent' && flags.instanceName) throw new Error('--instance-name only applies to --role agent');
  const key = await withStore(flags, (store) => store.accessKeys.create(flags));
  if (flags.credentialsFile) writeCredentialsFile(flags.credentialsFile, key, flags.region);
  if (flags.output === 'json') {
    process.stdout.write(JSON.stringify(key, null, 2) + '\n');
    return;
  }
  process.stdout.write(`access key id      ${key.accessKeyId}\nsecret access key  ${key.secretAccessKey}\nrole               ${key.role}\n`);
  process.stdout.write('The secret is shown only now; store it safely.\n');
}

async function listKeys(flags: StoreFlags & { output: string }): Promise<void> {
  const keys = await withStore(flags, (store) => store.accessKeys.list());
  if (flags.output === 'json') {
    process.stdout.write(JSON.stringify(keys, null, 2) + '\n');
    return;
  }
  const rows = keys.map((k) => [k.accessKeyId, k.role, k.instanceName ?? '-', k.revokedTime ? 'revoked' : 'active',
    new Date(k.createTime).toISOString(), k.description]);
  const header = ['ACCESS KEY ID', 'ROLE', 'INSTANCE', 'STATE', 'CREATED', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) process.stdout.write(row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
}

async function revokeKey(accessKeyId: string, flags: StoreFlags): Promise<void> {
  const revoked = await withStore(flags, (store) => store.accessKeys.revoke(accessKeyId));
  if (!revoked) throw new Error(`no active access key ${accessKeyId}`);
  process.stdout.write(`revoked ${accessKeyId}\n`);
}

// Starts a throwaway PostgreSQL 15 cluster from the machine's binaries (initdb, pg_ctl) on a free
// loopback port, in a temporary directory. initdb refuses to run as root, so as root the cluster
// runs as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts a cluster; returns its URL and a stop function. */
export async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-pg-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (cmd) => asRoot
    ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' })
    : execFileSync('/bin/sh', ['-c', cmd], { stdio: 'pipe' });
  run(`initdb -D ${dir}/data -U postgres --auth=trust -E UTF8 --no-sync >/dev/null`);
  run(`pg_ctl -D ${dir}/data -w -l ${dir}/pg.log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run(`pg_ctl -D ${dir}/data -m immediate stop >/dev/null`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

import type { TargetHealthState } from './traffic-router.ts';

/**
 * One pre-declared server of an HAProxy backend (a `server-template` slot), as read from
 * `show servers state` and `show stat`.
 */
export interface HaproxySlot {
  /** `<backend>/<server>`, as runtime API commands name it. */
  id: string;
  /** `ip:port` it points at (`[ip]:port` for IPv6). */
  address: string;
  /** Forced into maintenance: the slot is free, whatever address it last had. */
  free: boolean;
  /** Forced into drain: deregistered, finishing its requests. */
  draining: boolean;
  /** Operational state: 0 stopped, 1 starting, 2 running, 3 stopping. */
  opState: number;
  /** Last health check result: 0 unknown, 1 neutral, 2 failed, 3 passed, 4 passed conditionally. */
  checkResult: number;
  /** Requests in progress on it (`scur`). */
  current: number;
}

// Admin-state flags from HAProxy's server.h: forced maintenance and forced drain.
const FORCED_MAINT = 0x01;
const FORCED_DRAIN = 0x08;
const CHECK_FAILED = 2;

/**
 * Parses `show servers state <backend>` (space-separated, one header line starting `#`) joined
 * with the `scur` column of `show stat <backend> 4 -1` (CSV).
 */
export function parseSlots(backend: string, serversState: string, stat: string): HaproxySlot[] {
  const current = currentSessions(stat);
  return rowsOf(serversState, ' ').map((row) => {
    const admin = Number(row.srv_admin_state);
    const host = row.srv_addr!.includes(':') ? `[${row.srv_addr}]` : row.srv_addr;
    return {
      id: `${backend}/${row.srv_name}`,
      address: `${host}:${row.srv_port}`,
      free: (admin & FORCED_MAINT) !== 0,
      draining: (admin & FORCED_DRAIN) !== 0,
      opState: Number(row.srv_op_state),
      checkResult: Number(row.srv_check_result),
      current: current.get(row.srv_name!) ?? 0,
    };
  });
}

/**
 * A registered slot's state in the router's vocabulary. HAProxy keeps a server that left
 * maintenance `down` until its checks pass (the router forces that on register), so a down
 * server whose last check did not fail is still `initial`.
 */
export function stateOf(slot: HaproxySlot): TargetHealthState {
  if (slot.draining) return 'draining';
  if (slot.opState === 1 || slot.opState === 2) return 'healthy';
  if (slot.opState === 3 || slot.checkResult === CHECK_FAILED) return 'unhealthy';
  return 'initial';
}

function currentSessions(stat: string): Map<string, number> {
  return new Map(rowsOf(stat, ',').map((row) => [row.svname!, Number(row.scur) || 0]));
}

/** Rows of a `# col col ...` table as records keyed by column name. */
function rowsOf(text: string, separator: string): Record<string, string>[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const headerAt = lines.findIndex((l) => l.startsWith('#') && l.includes(separator === ',' ? 'svname' : 'srv_name'));
  if (headerAt < 0) return [];
  const columns = lines[headerAt]!.replace(/^#\s*/, '').split(separator);
  return lines.slice(headerAt + 1).filter((l) => !l.startsWith('#')).map((line) => {
    const values = line.split(separator);
    return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));
  });
}

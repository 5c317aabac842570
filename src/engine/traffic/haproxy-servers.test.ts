import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSlots, stateOf, type HaproxySlot } from './haproxy-servers.ts';

// Real output of HAProxy 2.6 (`show servers state tg` and `show stat tg 4 -1`, columns cut
// after the ones read).
const STATE = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port
3 tg 1 slot1 127.0.0.1 2 4 1 1 8 15 3 3 6 0 0 0 - 19001
3 tg 2 slot2 127.0.0.1 0 4 1 1 8 8 2 0 6 0 0 0 - 19002
3 tg 3 slot3 127.0.0.1 2 12 1 1 4 15 3 3 6 0 0 0 - 19003
3 tg 4 slot4 0.0.0.0 0 5 1 1 12 1 0 0 14 0 0 0 - 80
3 tg 5 slot5 ::1 0 4 1 1 0 1 0 0 6 0 0 0 - 19005
`;
const STAT = `# pxname,svname,qcur,qmax,scur,smax
tg,slot1,0,0,0,3
tg,slot2,0,0,0,0
tg,slot3,0,0,2,2
tg,slot4,0,0,0,0
tg,slot5,0,0,0,0
`;

describe('parseSlots and stateOf', () => {
  const slots = parseSlots('tg', STATE, STAT);

  it('reads each slot\'s id, address, flags and requests in flight', () => {
    assert.deepEqual(slots.map((s) => [s.id, s.address, s.free, s.draining, s.current]), [
      ['tg/slot1', '127.0.0.1:19001', false, false, 0],
      ['tg/slot2', '127.0.0.1:19002', false, false, 0],
      ['tg/slot3', '127.0.0.1:19003', false, true, 2],
      ['tg/slot4', '0.0.0.0:80', true, false, 0],
      ['tg/slot5', '[::1]:19005', false, false, 0],
    ]);
  });

  it('maps running to healthy, a failed check to unhealthy, drain to draining and a fresh slot to initial', () => {
    assert.deepEqual(slots.filter((s) => !s.free).map(stateOf), ['healthy', 'unhealthy', 'draining', 'initial']);
  });

  it('counts a stopping server as unhealthy and a starting one as healthy', () => {
    const base: HaproxySlot = { id: 'tg/s', address: '127.0.0.1:1', free: false, draining: false, opState: 0, checkResult: 0, current: 0 };
    assert.equal(stateOf({ ...base, opState: 3 }), 'unhealthy');
    assert.equal(stateOf({ ...base, opState: 1 }), 'healthy');
  });

  it('reads no slots from an answer without a header (an error message)', () => {
    assert.deepEqual(parseSlots('tg', "Can't find backend.\n", ''), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveView } from './live-view.ts';

/** A stand-in for stdout that records what is written. */
function recorder(columns = 80): NodeJS.WriteStream & { text: string } {
  const stream = { text: '', columns, isTTY: false, write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('LiveView', () => {
  it('prints a line in a pipe only when the line for its key changed, with no control codes', () => {
    const out = recorder();
    const view = new LiveView({ stream: out, redraw: false });
    view.update([{ key: 's', text: 'd-1 InProgress' }, { key: 'h1', text: 'web-1 Install' }]);
    view.update([{ key: 's', text: 'd-1 InProgress' }, { key: 'h1', text: 'web-1 AfterInstall' }]);
    view.update([{ key: 's', text: 'd-1 InProgress' }, { key: 'h1', text: 'web-1 AfterInstall' }]);
    assert.equal(out.text, 'd-1 InProgress\nweb-1 Install\nweb-1 AfterInstall\n');
  });

  it('redraws in place on a terminal, cutting lines to its width', () => {
    const out = recorder(10);
    const view = new LiveView({ stream: out, redraw: true });
    view.update([{ key: 'a', text: 'one' }, { key: 'b', text: 'a line far too long' }]);
    view.update([{ key: 'a', text: 'two' }]);
    assert.equal(out.text, '\x1b[0Jone\na line fa…\x1b[0m\n\x1b[2F\x1b[0Jtwo\n');
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { describe, it, type TestContext } from 'node:test';
import { INSTALL_PERMISSION_MESSAGES } from '../appspec/index.ts';
import { INSTALL_MESSAGES } from './messages.ts';
import { installError, TestHost, type RevisionEntry } from '../../../test/support/install-test-host.ts';

const host = (t: TestContext) => TestHost.create((fn) => t.after(fn));
const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const IS_ROOT = process.getuid?.() === 0;
const HAS_SETFACL = hasProgram('setfacl') && hasProgram('getfacl');

/** A revision that installs `app/` to `<target>/app` with the given permissions section. */
function revision(h: TestHost, permissions: string): Record<string, RevisionEntry> {
  return {
    'appspec.yml': `version: 0.0\nos: linux\nfiles:\n  - source: app\n    destination: ${h.at('app')}\npermissions:\n${permissions}`,
    'app/run.sh': { content: 'echo', mode: 0o644 },
    'app/readme.txt': { content: 'r', mode: 0o644 },
    'app/lib/x.sh': { content: 'x', mode: 0o644 },
    'app/link.sh': { symlink: 'run.sh' },
  };
}


describe('Install permissions on directories', () => {
  it('applies a simple glob to direct children only, never to the object itself', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    pattern: "*.sh"\n    mode: 700\n    type: [file]\n`));
    const dirMode = await modeOf(h.at('app'));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o700);
    assert.equal(await modeOf(h.at('app', 'lib', 'x.sh')), 0o644);
    assert.equal(await modeOf(h.at('app', 'readme.txt')), 0o644);
    assert.notEqual(dirMode, 0o700);
  });

  it('applies ** at every depth except where an except glob matches a direct child', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    except: ["*.sh"]\n    mode: 600\n    type: [file]\n`));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o644);
    assert.equal(await modeOf(h.at('app', 'readme.txt')), 0o600);
    assert.equal(await modeOf(h.at('app', 'lib', 'x.sh')), 0o600);
  });

  it('applies type directory to created subdirectories only', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    mode: 2750\n    type: [directory]\n`));
    assert.equal(await modeOf(h.at('app', 'lib')), 0o2750);
    assert.notEqual(await modeOf(h.at('app')), 0o2750);
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o644);
  });

  it('never touches files that were on the host before this install', async (t) => {
    const h = await host(t);
    await mkdir(h.at('app'), { recursive: true });
    await writeFile(h.at('app', 'foreign.txt'), 'f');
    await chmod(h.at('app', 'foreign.txt'), 0o644);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    mode: 640\n    type: [file]\n`));
    assert.equal(await modeOf(h.at('app', 'foreign.txt')), 0o644);
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o640);
  });

  it('reaches this install files under an object that already existed', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.target}\n    pattern: "app"\n    mode: 711\n    type: [directory]\n`));
    assert.equal(await modeOf(h.at('app')), 0o711);
  });

  it('ignores an object that is neither copied nor a directory', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('nowhere')}\n    mode: 777\n`));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o644);
  });

  it('records mode changes in the install instructions', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    pattern: "run.sh"\n    mode: 0755\n    owner: root\n    type: [file]\n`));
    const json = JSON.parse(await readFile(h.layout.installInstructionsFile(h.groupId), 'utf8'));
    const permissionSteps = json.instructions.filter((i: { type: string }) => i.type === 'chmod' || i.type === 'chown');
    assert.deepEqual(permissionSteps, [
      { type: 'chmod', mode: '0755', file: h.at('app', 'run.sh') },
      { type: 'chown', owner: 'root', group: null, file: h.at('app', 'run.sh') },
    ]);
  });
});

describe('Install permissions on files', () => {
  it('applies an entry whose object is a copied file', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app', 'run.sh')}\n    mode: 0755\n    type: [file]\n`));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o755);
  });

  it('skips a copied file whose entry has no file type', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app', 'run.sh')}\n    mode: 0755\n    type: [directory]\n`));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o644);
  });

  it('refuses a pattern on a file object, locating the entry', async (t) => {
    const h = await host(t);
    const object = h.at('app', 'run.sh');
    const err = await installError(() => h.install('d-1', revision(h, `  - object: ${object}\n    pattern: "*.sh"\n    mode: 755\n`)));
    assert.equal(err.officialMessage, INSTALL_PERMISSION_MESSAGES.invalidFilePattern(object, '*.sh'));
    assert.match(err.message, /^appspec\.yml:7:5: /);
  });

  it('refuses an except on a file object', async (t) => {
    const h = await host(t);
    const object = h.at('app', 'run.sh');
    const err = await installError(() => h.install('d-1', revision(h, `  - object: ${object}\n    except: [a, b]\n`)));
    assert.equal(err.officialMessage, INSTALL_PERMISSION_MESSAGES.invalidFileExcept('["a", "b"]', object));
  });

  it('refuses two entries that reach the same path', async (t) => {
    const h = await host(t);
    const spec = `  - object: ${h.at('app')}\n    mode: 600\n  - object: ${h.at('app', 'run.sh')}\n    mode: 700\n`;
    const err = await installError(() => h.install('d-1', revision(h, spec)));
    assert.equal(err.officialMessage, INSTALL_PERMISSION_MESSAGES.duplicatePermission(h.at('app', 'run.sh')));
    assert.match(err.message, /^appspec\.yml:9:5: /);
  });

  it('leaves symlinks mode alone rather than following them', async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app', 'link.sh')}\n    mode: 700\n`));
    assert.equal(await modeOf(h.at('app', 'run.sh')), 0o644);
  });
});

describe('Install ownership', () => {
  it('sets owner and group by name', { skip: IS_ROOT ? false : 'chown needs root' }, async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    owner: nobody\n    group: ${nobodyGroup()}\n`));
    const stats = await stat(h.at('app', 'lib', 'x.sh'));
    const nobody = Number(execFileSync('id', ['-u', 'nobody']).toString());
    assert.equal(stats.uid, nobody);
    assert.equal((await stat(h.at('app', 'lib'))).uid, nobody);
    assert.notEqual((await stat(h.at('app'))).uid, nobody);
  });

  it('fails for an unknown user with the official message', async (t) => {
    const h = await host(t);
    const err = await installError(() => h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    owner: no-such-user-42\n`)));
    assert.equal(err.message, INSTALL_MESSAGES.unknownUser('no-such-user-42'));
  });

  it('fails for an unknown group with the official message', async (t) => {
    const h = await host(t);
    const err = await installError(() => h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    group: no-such-group-42\n`)));
    assert.equal(err.message, INSTALL_MESSAGES.unknownGroup('no-such-group-42'));
  });
});

describe('Install ACLs', () => {
  const skip = HAS_SETFACL ? false : 'setfacl/getfacl are not installed (apt-get install acl)';

  it('sets named entries with base entries from the mode and a mask', { skip }, async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    pattern: "readme.txt"\n    acls: ["u:nobody:rw"]\n    type: [file]\n`));
    const acl = execFileSync('getfacl', ['--omit-header', '--no-effective', h.at('app', 'readme.txt')]).toString().trim().split('\n');
    assert.deepEqual(acl, ['user::rw-', 'user:nobody:rw-', 'group::r--', 'mask::r--', 'other::r--']);
  });

  it('sets default entries on directories', { skip }, async (t) => {
    const h = await host(t);
    await h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    acls: ["d:u:nobody:rx"]\n    type: [directory]\n`));
    const acl = execFileSync('getfacl', ['--omit-header', h.at('app', 'lib')]).toString();
    assert.match(acl, /^default:user:nobody:r-x$/m);
  });

  it('refuses a default entry that would reach a file', async (t) => {
    const h = await host(t);
    const err = await installError(() => h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    acls: ["d:u:nobody:rx"]\n`)));
    assert.equal(err.officialMessage, INSTALL_PERMISSION_MESSAGES.defaultAclOnFile());
  });
});

describe('Install SELinux contexts', () => {
  const skip = hasProgram('semanage') ? 'semanage is installed here; this case covers hosts without it' : false;

  it('explains that the SELinux tools are missing', { skip }, async (t) => {
    const h = await host(t);
    const err = await installError(() =>
      h.install('d-1', revision(h, `  - object: ${h.at('app')}\n    pattern: run.sh\n    context:\n      type: httpd_sys_content_t\n`)),
    );
    assert.match(err.message, /but semanage is not installed on this host/);
  });
});

function nobodyGroup(): string {
  const groups = execFileSync('getent', ['group']).toString();
  return /^nogroup:/m.test(groups) ? 'nogroup' : 'nobody';
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPSPEC_MESSAGES as M } from './messages.ts';
import { AppSpecError, parseAppSpec, parseAppSpecOrThrow } from './parse-app-spec.ts';

const HEAD = 'version: 0.0\nos: linux\n';

/** A case: an appspec and the exact problems expected, as `line:col: message`. */
interface ProblemCase {
  readonly name: string;
  readonly yaml: string;
  readonly problems: readonly string[];
}

const PROBLEM_CASES: readonly ProblemCase[] = [
  // Empty files and the top level.
  { name: 'an empty file is empty', yaml: '', problems: [`1:1: ${M.emptyFile()}`] },
  { name: 'a file of comments is empty', yaml: '# nothing\n\n', problems: [`1:1: ${M.emptyFile()}`] },
  { name: 'a bare document marker is empty', yaml: '---\n', problems: [`1:1: ${M.emptyFile()}`] },
  { name: 'a document that is false is empty', yaml: 'false\n', problems: [`1:1: ${M.emptyFile()}`] },
  {
    name: 'a top level list is refused',
    yaml: '- version: 0.0\n',
    problems: [`1:1: ${M.wrongShape('the top level', 'a mapping', 'a list')}`],
  },
  // version
  { name: 'a quoted version is a string and invalid', yaml: "version: '0.0'\nos: linux\n", problems: [`1:10: ${M.invalidVersion('0.0')}`] },
  { name: 'a double-quoted version is invalid', yaml: 'version: "0"\nos: linux\n', problems: [`1:10: ${M.invalidVersion('0')}`] },
  { name: 'a missing version prints as empty', yaml: 'os: linux\n', problems: [`1:1: ${M.invalidVersion('')}`] },
  { name: 'a null version prints as empty', yaml: 'version:\nos: linux\n', problems: [`1:9: ${M.invalidVersion('')}`] },
  { name: 'version 1.0 prints as Ruby prints a float', yaml: 'version: 1.0\nos: linux\n', problems: [`1:10: ${M.invalidVersion('1.0')}`] },
  { name: 'version 1 prints as an integer', yaml: 'version: 1\nos: linux\n', problems: [`1:10: ${M.invalidVersion('1')}`] },
  { name: 'version 0.1 is invalid', yaml: 'version: 0.1\nos: linux\n', problems: [`1:10: ${M.invalidVersion('0.1')}`] },
  {
    name: 'a version list prints as Ruby inspects it',
    yaml: 'version: [0.0, a]\nos: linux\n',
    problems: [`1:10: ${M.invalidVersion('[0.0, "a"]')}`],
  },
  // os
  { name: 'windows is refused on a Linux host', yaml: 'version: 0.0\nos: windows\n', problems: [`2:5: ${M.unsupportedOs('windows')}`] },
  { name: 'os is case-sensitive', yaml: 'version: 0.0\nos: Linux\n', problems: [`2:5: ${M.unsupportedOs('Linux')}`] },
  { name: 'a missing os prints as empty', yaml: 'version: 0.0\n', problems: [`1:1: ${M.unsupportedOs('')}`] },
  // file_exists_behavior
  {
    name: 'file_exists_behavior is case-sensitive',
    yaml: `${HEAD}file_exists_behavior: overwrite\n`,
    problems: [`3:23: ${M.invalidFileExistsBehavior('overwrite')}`],
  },
  {
    name: 'an unknown file_exists_behavior is refused',
    yaml: `${HEAD}file_exists_behavior: REPLACE\n`,
    problems: [`3:23: ${M.invalidFileExistsBehavior('REPLACE')}`],
  },
  // hooks
  {
    name: 'a script without location is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - timeout: 30\n`,
    problems: [`5:7: ${M.scriptWithoutLocation()}`],
  },
  {
    name: 'a null location is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location:\n`,
    problems: [`5:7: ${M.scriptWithoutLocation()}`],
  },
  {
    name: 'a blank location is refused at the location',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location: "  "\n`,
    problems: [`5:17: ${M.scriptWithoutLocation()}`],
  },
  {
    name: 'a timeout of zero is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 0\n`,
    problems: [`6:16: ${M.invalidTimeout()}`],
  },
  {
    name: 'a timeout that is not a number is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: abc\n`,
    problems: [`6:16: ${M.invalidTimeout()}`],
  },
  {
    name: 'a negative timeout is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: -5\n`,
    problems: [`6:16: ${M.invalidTimeout()}`],
  },
  {
    name: 'a fractional timeout below one second is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 0.5\n`,
    problems: [`6:16: ${M.invalidTimeout()}`],
  },
  {
    name: 'hooks given as a list are refused',
    yaml: `${HEAD}hooks:\n  - AfterInstall\n`,
    problems: [`4:3: ${M.wrongShape('hooks', 'a mapping', 'a list')}`],
  },
  {
    name: 'a hook whose scripts are a mapping is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    location: a.sh\n`,
    problems: [`5:5: ${M.wrongShape('hooks.AfterInstall', 'a list', 'a mapping')}`],
  },
  {
    name: 'a script given as a string is refused',
    yaml: `${HEAD}hooks:\n  AfterInstall:\n    - a.sh\n`,
    problems: [`5:7: ${M.wrongShape('hooks.AfterInstall[0]', 'a mapping', 'the string "a.sh"')}`],
  },
  // files
  {
    name: 'a file without source is refused',
    yaml: `${HEAD}files:\n  - destination: /opt/app\n`,
    problems: [`4:5: ${M.fileWithoutSource()}`],
  },
  {
    name: 'a file without either is reported as missing its source',
    yaml: `${HEAD}files:\n  - {}\n`,
    problems: [`4:5: ${M.fileWithoutSource()}`],
  },
  {
    name: 'a file without destination names its source',
    yaml: `${HEAD}files:\n  - source: app.jar\n`,
    problems: [`4:5: ${M.fileWithoutDestination('app.jar')}`],
  },
  {
    name: 'files given as a mapping are refused',
    yaml: `${HEAD}files:\n  source: /\n  destination: /opt\n`,
    problems: [`4:3: ${M.wrongShape('files', 'a list', 'a mapping')}`],
  },
  // permissions
  {
    name: 'a permission without object is refused',
    yaml: `${HEAD}permissions:\n  - mode: 644\n`,
    problems: [`4:5: ${M.permissionWithoutObject()}`],
  },
  {
    name: 'a blank object is refused',
    yaml: `${HEAD}permissions:\n  - object: " "\n`,
    problems: [`4:13: ${M.permissionWithoutObject()}`],
  },
  {
    name: 'an unsupported type is refused with the official typo',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    type:\n      - file\n      - link\n`,
    problems: [`7:9: ${M.unsupportedPermissionType('link')}`],
  },
  {
    name: 'a type given as a string is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    type: file\n`,
    problems: [`5:11: ${M.wrongShape('permissions[0].type', 'a list', 'the string "file"')}`],
  },
  {
    name: 'an except given as a string is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    except: "*.log"\n`,
    problems: [`5:13: ${M.wrongShape('permissions[0].except', 'a list', 'the string "*.log"')}`],
  },
  {
    name: 'a five-digit mode is too long',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    mode: 12345\n`,
    problems: [`5:11: ${M.modeLength('12345')}`],
  },
  {
    name: 'a mode with 8 is not octal',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    mode: 0800\n`,
    problems: [`5:11: ${M.modeCharacter('0800', '8')}`],
  },
  {
    name: 'a short invalid mode is reported padded',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    mode: 9\n`,
    problems: [`5:11: ${M.modeCharacter('009', '9')}`],
  },
  {
    name: 'a 0o-prefixed mode is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    mode: 0o75\n`,
    problems: [`5:11: ${M.modeCharacter('0o75', 'o')}`],
  },
  {
    name: 'an ACL entry with too many fields is invalid',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "d:u:bob:rwx:x"\n`,
    problems: [`6:9: ${M.invalidAcl('d:u:bob:rwx:x')}`],
  },
  {
    name: 'an ACL entry with an unknown tag is invalid',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "x:bob:rwx"\n`,
    problems: [`6:9: ${M.invalidAcl('x:bob:rwx')}`],
  },
  {
    name: 'an ACL with default twice is invalid',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "d:d:bob:rwx"\n`,
    problems: [`6:9: ${M.invalidAcl('d:d:bob:rwx')}`],
  },
  {
    name: 'a named mask entry is invalid',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "m:bob:rwx"\n`,
    problems: [`6:9: ${M.invalidAcl('m:bob:rwx')}`],
  },
  {
    name: 'a base user ACL entry must use mode',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "u::rwx"\n`,
    problems: [`6:9: ${M.baseAcl('u::rwx')}`],
  },
  {
    name: 'a base other ACL entry must use mode',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "o::r"\n`,
    problems: [`6:9: ${M.baseAcl('o::r')}`],
  },
  {
    name: 'an ACL permission letter outside rwx- is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "u:bob:rwz"\n`,
    problems: [`6:9: ${M.aclCharacter('u:bob:rwz', 'z')}`],
  },
  {
    name: 'an ACL permission digit above 7 is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "u:bob:8"\n`,
    problems: [`6:9: ${M.aclCharacter('u:bob:8', '8')}`],
  },
  {
    name: 'a context without type is refused with the context inspected',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      name: unconfined_u\n      range: s0\n`,
    problems: [`6:7: ${M.contextWithoutType('{"name"=>"unconfined_u", "range"=>"s0"}')}`],
  },
  {
    name: 'a range whose high sensitivity is below the low one is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: s1-s0\n`,
    problems: [`7:14: ${M.rangeOrder('s1-s0')}`],
  },
  {
    name: 'a range sensitivity must be s and digits',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: x0\n`,
    problems: [`7:14: ${M.rangeSensitivity('x0')}`],
  },
  {
    name: 'a range with an empty part is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: "s0:"\n`,
    problems: [`7:14: ${M.rangePart('s0:')}`],
  },
  {
    name: 'a category above c1023 is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: "s0:c1024"\n`,
    problems: [`7:14: ${M.rangeCategory('c1024')}`],
  },
  {
    name: 'a descending category run is refused',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: "s0:c5.c1"\n`,
    problems: [`7:14: ${M.rangeCategoryRange('c5', 'c1')}`],
  },
  {
    name: 'overlapping categories are duplicates',
    yaml: `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      type: t\n      range: "s0:c0.c3,c2"\n`,
    problems: [`7:14: ${M.rangeDuplicateCategories()}`],
  },
  // YAML itself
  {
    name: 'an alias is refused as the official loader refuses it',
    yaml: `${HEAD}hooks:\n  AfterInstall: &scripts\n    - location: a.sh\n  ApplicationStart: *scripts\n`,
    problems: [`6:21: ${M.unknownAlias('scripts')}`],
  },
  {
    name: 'a merge key is an alias too',
    yaml: `${HEAD}base: &base\n  location: a.sh\nhooks:\n  AfterInstall:\n    - <<: *base\n`,
    problems: [`7:11: ${M.unknownAlias('base')}`],
  },
  {
    name: 'a syntax error gives its line and column',
    yaml: `${HEAD}files:\n  - source: [a\n    destination: /opt\n`,
    problems: [`5:5: ${M.yamlSyntax('Flow sequence in block collection must be sufficiently indented and end with a ]')}`],
  },
  // Several problems at once.
  {
    name: 'every problem is listed in the order the official agent checks',
    yaml: `os: solaris\nfiles:\n  - source: a\npermissions:\n  - object: /x\n    mode: 999\nversion: 2\n`,
    problems: [
      `7:10: ${M.invalidVersion('2')}`,
      `1:5: ${M.unsupportedOs('solaris')}`,
      `3:5: ${M.fileWithoutDestination('a')}`,
      `6:11: ${M.modeCharacter('999', '9')}`,
    ],
  },
];

describe('parseAppSpec problems', () => {
  for (const c of PROBLEM_CASES) {
    it(c.name, () => {
      const { appSpec, problems } = parseAppSpec(c.yaml);
      assert.equal(appSpec, undefined);
      assert.deepEqual(problems.map((p) => `${p.line}:${p.col}: ${p.message}`), c.problems);
    });
  }
});

describe('parseAppSpec accepted values', () => {
  const valid = (yaml: string) => {
    const { appSpec, problems } = parseAppSpec(yaml);
    assert.deepEqual(problems, []);
    return appSpec!;
  };

  it('accepts version 0.0 and version 0', () => {
    assert.equal(valid('version: 0.0\nos: linux\n').version, 0);
    assert.equal(valid('version: 0\nos: linux\n').version, 0);
  });

  it('ignores unknown top-level keys', () => {
    assert.equal(valid(`${HEAD}resources: []\nfoo: bar\n`).os, 'linux');
  });

  it('reads an appspec file_exists_behavior', () => {
    assert.equal(valid(`${HEAD}file_exists_behavior: RETAIN\n`).fileExistsBehavior, 'RETAIN');
    assert.equal(valid(`${HEAD}file_exists_behavior:\n`).fileExistsBehavior, undefined);
  });

  it('reads hooks with defaults, trimmed runas, sudo and lenient timeouts', () => {
    const appSpec = valid(
      `${HEAD}hooks:\n  BeforeInstall:\n    - location: " scripts/a.sh "\n      runas: " app "\n      sudo: true\n` +
        `    - location: scripts/b.sh\n      timeout: 90s\n    - location: c.sh\n      timeout: 2.9\n` +
        `    - location: d.sh\n      timeout: "1_000"\n  AfterInstall:\n  ApplicationStart: []\n  CustomEvent:\n    - location: e.sh\n`,
    );
    const before = appSpec.hooks.get('BeforeInstall')!;
    assert.deepEqual(
      before.map((s) => [s.location, s.runas, s.sudo, s.timeoutSeconds]),
      [['scripts/a.sh', 'app', true, 3600], ['scripts/b.sh', undefined, false, 90], ['c.sh', undefined, false, 2], ['d.sh', undefined, false, 1000]],
    );
    assert.deepEqual(appSpec.hooks.get('AfterInstall'), []);
    assert.deepEqual(appSpec.hooks.get('ApplicationStart'), []);
    assert.equal(appSpec.hooks.get('CustomEvent')?.[0]?.location, 'e.sh');
    assert.deepEqual(before[0]!.at, { line: 5, col: 7 });
  });

  it('treats timeout false as no timeout, as Ruby does', () => {
    const appSpec = valid(`${HEAD}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: false\n`);
    assert.equal(appSpec.hooks.get('AfterInstall')![0]!.timeoutSeconds, 3600);
  });

  it('reads files, including source /', () => {
    const appSpec = valid(`${HEAD}files:\n  - source: /\n    destination: /opt/app\n  - source: 5\n    destination: /opt/n\n`);
    assert.deepEqual(appSpec.files.map((f) => [f.source, f.destination]), [['/', '/opt/app'], ['5', '/opt/n']]);
  });

  it('reads the raw source of a mode, so 0755 stays octal text', () => {
    const modes = ['644', '0755', "'0644'", '"4755"', '7', '00'].map((m) => {
      const appSpec = valid(`${HEAD}permissions:\n  - object: /opt/app\n    mode: ${m}\n`);
      return appSpec.permissions[0]!.mode;
    });
    assert.deepEqual(modes, ['644', '0755', '0644', '4755', '007', '000']);
  });

  it('fills permission defaults: pattern **, no except, both types', () => {
    const p = valid(`${HEAD}permissions:\n  - object: " /opt/app "\n`).permissions[0]!;
    assert.deepEqual(p, { object: '/opt/app', pattern: '**', except: [], type: ['file', 'directory'], at: { line: 4, col: 5 } });
  });

  it('normalises ACL entries', () => {
    const p = valid(
      `${HEAD}permissions:\n  - object: /opt/app\n    acls:\n      - "bob:rw"\n      - "d:g:web:5"\n      - "default:user:ann:7"\n      - "m::rx"\n      - "d:o:r"\n      - "g:m:-"\n`,
    ).permissions[0]!;
    const text = p.acls!.map((a) => `${a.isDefault ? 'd' : ''}${a.type}:${a.name}:${+a.read}${+a.write}${+a.execute}`);
    assert.deepEqual(text, ['user:bob:110', 'dgroup:web:101', 'duser:ann:111', 'mask::101', 'dother::100', 'group:mask:000']);
  });

  it('reads a context with user and range, ignoring role', () => {
    const p = valid(
      `${HEAD}permissions:\n  - object: /opt/app\n    context:\n      name: system_u\n      role: object_r\n      type: httpd_t\n      range: "s0-s2:c3,c0.c1"\n`,
    ).permissions[0]!;
    assert.deepEqual(p.context, { type: 'httpd_t', user: 'system_u', range: { lowSensitivity: 0, highSensitivity: 2, categories: [0, 1, 3] } });
  });

  it('keeps the last of repeated keys, as Ruby does', () => {
    assert.equal(valid(`${HEAD}os: linux\nfile_exists_behavior: DISALLOW\nfile_exists_behavior: RETAIN\n`).fileExistsBehavior, 'RETAIN');
  });

  it('accepts an anchor that no alias uses', () => {
    assert.equal(valid(`${HEAD}hooks:\n  AfterInstall: &x\n    - location: a.sh\n`).hooks.size, 1);
  });

  it('keeps y and n as strings, as Ruby does', () => {
    const p = valid(`${HEAD}permissions:\n  - object: /opt/app\n    owner: n\n    group: y\n`).permissions[0]!;
    assert.deepEqual([p.owner, p.group], ['n', 'y']);
  });

  it('reads only the first YAML document', () => {
    assert.equal(valid(`${HEAD}---\nversion: 9\n`).version, 0);
  });

  it('handles a byte-order mark and CRLF line ends', () => {
    const appSpec = valid('\uFEFFversion: 0.0\r\nos: linux\r\nfiles:\r\n  - source: a\r\n    destination: /b\r\n');
    assert.deepEqual(appSpec.files.map((f) => [f.source, f.destination]), [['a', '/b']]);
  });
});

describe('parseAppSpecOrThrow', () => {
  it('throws an AppSpecError whose message is the located first problem', () => {
    assert.throws(
      () => parseAppSpecOrThrow('version: 0.0\nos: windows\n', { filename: 'appspec.yaml' }),
      (e: unknown) => {
        assert.ok(e instanceof AppSpecError);
        assert.equal(e.message, `appspec.yaml:2:5: ${M.unsupportedOs('windows')}`);
        assert.equal(e.officialMessage, M.unsupportedOs('windows'));
        assert.equal(e.problems.length, 1);
        return true;
      },
    );
  });

  it('returns the appspec when it is valid', () => {
    assert.equal(parseAppSpecOrThrow(HEAD).os, 'linux');
  });
});

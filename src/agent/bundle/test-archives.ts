import { crc32, gzipSync } from 'node:zlib';

/**
 * Test-only builders of raw tar and zip archives. They write whatever names, kinds and modes
 * they are given (`../../x`, absolute paths, setuid bits, symlinks then files through them),
 * which real archivers refuse to produce, so the extractors can be shown hostile input.
 */
export interface TestEntry {
  name: string;
  kind?: 'file' | 'directory' | 'symlink' | 'hardlink' | 'fifo';
  mode?: number;
  body?: string | Buffer;
  /** Symlink or hard-link target. */
  target?: string;
}

const TAR_TYPES = { file: '0', hardlink: '1', symlink: '2', directory: '5', fifo: '6' } as const;
// 2020-01-01 in MS-DOS date format.
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
const ZIP_TYPES = { file: 0o100000, hardlink: 0o100000, symlink: 0o120000, directory: 0o040000, fifo: 0o010000 } as const;

/** A ustar archive of `entries`, gzip-compressed when `gzip` is set. */
export function buildTar(entries: TestEntry[], options: { gzip?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = entry.kind === undefined || entry.kind === 'file' ? Buffer.from(entry.body ?? '') : Buffer.alloc(0);
    blocks.push(tarHeader(entry, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return options.gzip ? gzipSync(tar) : tar;
}

function tarHeader(entry: TestEntry, size: number): Buffer {
  const kind = entry.kind ?? 'file';
  const header = Buffer.alloc(512);
  header.write(entry.name, 0, 100, 'utf8');
  header.write(octal(entry.mode ?? (kind === 'directory' ? 0o755 : 0o644), 7), 100);
  header.write(octal(0, 7), 108);
  header.write(octal(0, 7), 116);
  header.write(octal(size, 11), 124);
  header.write(octal(Math.floor(Date.now() / 1000), 11), 136);
  header.write(TAR_TYPES[kind], 156);
  header.write(entry.target ?? '', 157, 100, 'utf8');
  header.write('ustar\u000000', 257, 'binary');
  header.fill(' ', 148, 156);
  const sum = header.reduce((acc, byte) => acc + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'binary');
  return header;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width, '0')}\u0000`;
}

/** A zip archive (stored, unix attributes) of `entries`. */
export function buildZip(entries: TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { local, central } = zipRecords(entry, offset);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function zipRecords(entry: TestEntry, offset: number): { local: Buffer; central: Buffer } {
  const kind = entry.kind ?? 'file';
  const name = Buffer.from(kind === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name);
  const data = Buffer.from(kind === 'symlink' ? entry.target ?? '' : entry.body ?? '');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt16LE(0x800, 6);
  local.writeUInt16LE(DOS_DATE, 12);
  writeSizes(local, 14, crc, data.length);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt16LE(0x800, 8);
  central.writeUInt16LE(DOS_DATE, 14);
  writeSizes(central, 16, crc, data.length);
  central.writeUInt16LE(name.length, 28);
  const mode = ZIP_TYPES[kind] | (entry.mode ?? (kind === 'directory' ? 0o755 : 0o644));
  central.writeUInt32LE((mode << 16) >>> 0, 38);
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, name, data]), central: Buffer.concat([central, name]) };
}

function writeSizes(record: Buffer, at: number, crc: number, size: number): void {
  record.writeUInt32LE(crc, at);
  record.writeUInt32LE(size, at + 4);
  record.writeUInt32LE(size, at + 8);
}

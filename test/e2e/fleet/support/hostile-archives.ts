import { gzipSync } from 'node:zlib';
import { ZipFile } from 'yazl';

// Bundles no well-behaved archiver writes: a tar (by hand, since archivers refuse to) and a zip
// (written with a same-length placeholder name, then patched) holding `..` names and symlinks.

/** One raw tar entry: a regular file (`file`), a directory or a symlink to `target`. */
export type RawTarEntry =
  | { name: string; type: 'file'; content: string; mode?: number }
  | { name: string; type: 'directory' }
  | { name: string; type: 'symlink'; target: string };

/** A gzipped ustar archive of exactly these entries, names untouched. */
export function rawTgz(entries: RawTarEntry[]): Buffer {
  const blocks = entries.flatMap((entry) => {
    const data = entry.type === 'file' ? Buffer.from(entry.content) : Buffer.alloc(0);
    const header = tarHeader(entry, data.length);
    return [header, data, Buffer.alloc((512 - (data.length % 512)) % 512)];
  });
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

function tarHeader(entry: RawTarEntry, size: number): Buffer {
  const header = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) => header.write(value, offset, length, 'utf8');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  if (Buffer.byteLength(entry.name) > 100) throw new Error(`name too long for a plain ustar header: ${entry.name}`);
  put(entry.name, 0, 100);
  const mode = entry.type === 'file' ? entry.mode ?? 0o644 : entry.type === 'directory' ? 0o755 : 0o777;
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put({ file: '0', directory: '5', symlink: '2' }[entry.type], 156, 1);
  if (entry.type === 'symlink') put(entry.target, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = header.reduce((total, byte) => total + byte, 0);
  put(octal(sum, 7) + ' ', 148, 8);
  return header;
}

/**
 * A zip holding `files`; any name may contain `..`. Each such name is written as a placeholder of
 * the same length (every `.` replaced by `z`) and patched in the local and central headers.
 */
export async function rawZip(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  const patches: [string, string][] = [];
  for (const [name, content] of Object.entries(files)) {
    const placeholder = name.includes('..') ? name.replaceAll('.', 'z') : name;
    if (placeholder !== name) patches.push([placeholder, name]);
    zip.addBuffer(Buffer.from(content), placeholder, { compress: true });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let zipped: Buffer = Buffer.concat(chunks);
  for (const [placeholder, name] of patches) zipped = replaceAll(zipped, Buffer.from(placeholder), Buffer.from(name));
  return zipped;
}

function replaceAll(buffer: Buffer, from: Buffer, to: Buffer): Buffer {
  let at = buffer.indexOf(from);
  if (at < 0) throw new Error(`placeholder ${from} not found`);
  while (at >= 0) {
    to.copy(buffer, at);
    at = buffer.indexOf(from, at + from.length);
  }
  return buffer;
}

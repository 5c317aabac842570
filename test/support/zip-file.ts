import { writeFileSync } from 'node:fs';
import type { ZipFile } from 'yazl';

/** Ends `zip`, writes its bytes to `out` and resolves with `out` (test bundles are small). */
export function saveZip(zip: ZipFile, out: string): Promise<string> {
  zip.end();
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      writeFileSync(out, Buffer.concat(chunks));
      done(out);
    }).on('error', fail);
  });
}

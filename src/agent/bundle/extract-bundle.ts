import { mkdir, rm } from 'node:fs/promises';
import type { BundleLimits } from './archive-entry.ts';
import type { BundleType } from './bundle-revision.ts';
import { extractTar } from './extract-tar.ts';
import { extractZip } from './extract-zip.ts';
import { stripTopLevelDirectory } from './strip-top-level.ts';

/**
 * Unpacks a downloaded bundle into a fresh `archiveDir`: the declared bundle type chooses the
 * extractor (zip, or tar for everything else, gzip being detected), never the content; then a
 * lone top-level folder holding the appspec is stripped. On failure `archiveDir` is removed,
 * so a half-unpacked revision is never taken for a real one.
 */
export async function extractBundle(options: {
  bundleFile: string; archiveDir: string; bundleType: BundleType; limits: BundleLimits;
}): Promise<void> {
  const { archiveDir } = options;
  await rm(archiveDir, { recursive: true, force: true });
  await mkdir(archiveDir, { recursive: true });
  try {
    const extract = options.bundleType === 'zip' ? extractZip : extractTar;
    await extract({ file: options.bundleFile, dir: archiveDir, limits: options.limits });
    await stripTopLevelDirectory(archiveDir);
  } catch (err) {
    await rm(archiveDir, { recursive: true, force: true });
    throw err;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: to a temporary file in the same folder, then renamed over the target,
 * so a reader never sees half a file and a crash leaves the old file intact.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a file atomically: `write` produces a temporary file next to `path` (same directory, so the
 * rename cannot cross file systems), which then replaces `path` in one step. On failure the temporary
 * file is removed and `path` is left as it was.
 *
 * @example
 * await atomicWrite('out/data.csv', (tmp) => writeFile(tmp, 'a,b\n'));
 */
export async function atomicWrite(path: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  // A missing folder is created, as writeFileAtomic does (`--out reports/x.html` in a fresh checkout).
  await mkdir(dirname(path), { recursive: true });
  const tempPath = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await write(tempPath);
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { inspectData } from '../../data/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import { DEFAULT_POLICY_FILE, parsePolicy, starterPolicy } from '../../policy/index.js';
import { atomicWrite } from '../../util/atomic-write.js';
import { type CommonReadFlags, readOptionsFrom } from '../flags.js';
import type { Io } from '../run.js';

export interface InitFlags extends CommonReadFlags {
  readonly for?: string;
  readonly force?: boolean;
}

/**
 * `fairprobe init [FILE] [--for DATA]`: writes a commented starter policy (atomically), refusing to
 * overwrite an existing file without --force. With --for it names the data's score and label columns
 * and its sensitive-looking attributes, each with its largest group as the reference.
 */
export async function initCommand(file: string | undefined, flags: InitFlags, io: Io): Promise<number> {
  const path = file ?? DEFAULT_POLICY_FILE;
  if (existsSync(path) && !flags.force) {
    throw new UsageError('file_exists', `${path} already exists; not overwriting it.`, {
      file: path,
      hint: 'Add --force to replace it, or name another file: fairprobe init other-policy.yml',
    });
  }
  const data = flags.for ? await inspectData(flags.for, readOptionsFrom(flags)) : undefined;
  const text = starterPolicy(data);
  const policy = parsePolicy(text, { file: path }); // the starter must always validate
  await atomicWrite(path, (tmp) => writeFile(tmp, text));
  const attrs = (policy.attributes ?? [])
    .map((a) => (a.reference !== undefined ? `${a.column} (reference ${a.reference})` : a.column))
    .join(', ');
  io.err(`wrote ${path}: ${policy.rules.length} rules; attributes ${attrs || 'none'}`);
  io.err(
    `next: review it, then run  fairprobe audit ${flags.for ?? 'DATA'} --policy ${path}${data ? '' : ' --score COL --label COL'}`,
  );
  return ExitCode.ok;
}

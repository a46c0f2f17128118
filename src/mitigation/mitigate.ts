import type { DataInput } from '../data/index.js';
import { UsageError } from '../errors.js';
import { type FlipOptions, flip } from './pre/flip.js';
import { type RepairOptions, repair } from './pre/repair.js';
import { type ResampleOptions, resample } from './pre/resample.js';
import { type ReweighOptions, reweigh } from './pre/reweigh.js';
import { type SynthesizeOptions, synthesize } from './pre/synthesize.js';
import { MitigationMethod, type MitigationResult } from './types.js';

/** Each method's options, by method name. */
export interface MitigateOptionsByMethod {
  readonly reweigh: ReweighOptions;
  readonly resample: ResampleOptions;
  readonly synthesize: SynthesizeOptions;
  readonly repair: RepairOptions;
  readonly flip: FlipOptions;
}

/**
 * Runs a mitigation method by name (what `fairprobe mitigate METHOD DATA` calls).
 * @throws {UsageError} an unknown method, naming the known ones.
 * @example
 * await mitigate('reweigh', 'datasets/prospects.csv', { groups: [{ column: 'gender' }], label: 'converted', seed: 1, out: 'rw.csv' });
 */
export async function mitigate<M extends MitigationMethod>(
  method: M,
  input: DataInput,
  options: MitigateOptionsByMethod[M],
): Promise<MitigationResult> {
  switch (method) {
    case 'reweigh':
      return reweigh(input, options as ReweighOptions);
    case 'resample':
      return resample(input, options as ResampleOptions);
    case 'synthesize':
      return synthesize(input, options as SynthesizeOptions);
    case 'repair':
      return repair(input, options as RepairOptions);
    case 'flip':
      return flip(input, options as FlipOptions);
    default:
      throw new UsageError('unknown_method', `Unknown mitigation method "${String(method)}".`, {
        hint: `Use one of: ${Object.values(MitigationMethod).join(', ')}.`,
      });
  }
}

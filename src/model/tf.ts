/**
 * Loading TensorFlow.js once. `cpu` (the default) is the pure-JS backend: deterministic, always
 * available. `auto` uses `@tensorflow/tfjs-node` when it is installed (an optional peer dependency:
 * faster, not bit-reproducible) and falls back to `cpu` otherwise.
 */
export type Tf = typeof import('@tensorflow/tfjs');

/** Which TensorFlow.js backend to use. */
export const TfBackend = { cpu: 'cpu', auto: 'auto' } as const;
export type TfBackend = (typeof TfBackend)[keyof typeof TfBackend];

/** TensorFlow.js and the name of the backend in use (`cpu` or `tensorflow`). */
export interface LoadedTf {
  readonly tf: Tf;
  readonly backend: string;
}

const loaded = new Map<TfBackend, Promise<LoadedTf>>();

async function init(mode: TfBackend): Promise<LoadedTf> {
  const tf = await import('@tensorflow/tfjs');
  if (mode === 'auto') {
    try {
      // A variable name keeps TypeScript and bundlers from resolving the optional peer dependency.
      const name = '@tensorflow/tfjs-node';
      await import(name);
      if (await tf.setBackend('tensorflow')) return { tf, backend: 'tensorflow' };
    } catch {
      // not installed (or its native binary is missing): the pure-JS backend
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  // The cpu backend prints a "use tfjs-node" banner on first use; using it is a deliberate choice.
  const b = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in b) b.firstUse = false;
  return { tf, backend: 'cpu' };
}

/**
 * TensorFlow.js with the requested backend, loaded once per mode.
 * @example
 * const { tf, backend } = await loadTf('cpu');
 * backend // => 'cpu'
 */
export async function loadTf(mode: TfBackend = 'cpu'): Promise<LoadedTf> {
  let p = loaded.get(mode);
  if (!p) {
    p = init(mode);
    loaded.set(mode, p);
  }
  const r = await p;
  // Another caller may have switched the global backend since; switch back.
  if (r.tf.getBackend() !== r.backend) await r.tf.setBackend(r.backend);
  return r;
}

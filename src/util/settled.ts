/**
 * Both results once both promises have settled; the first rejection is rethrown only then. Unlike
 * Promise.all, a failing side never leaves the other running while the caller cleans up (closing the
 * DuckDB engine under a running query can hang or crash the process).
 * @example
 * const [raw, sha] = await bothSettled(scanSql(source, plan), source.fingerprint());
 */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** Indices of the non-null p-values, validated. Shared by the multiple-testing corrections. */
export function presentIndices(name: string, pValues: readonly (number | null)[]): number[] {
  const present: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`${name} requires p-values in [0, 1] or null, got ${p} at ${i}`);
    present.push(i);
  });
  return present;
}

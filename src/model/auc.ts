/**
 * The area under the ROC curve by the Mann–Whitney statistic: the probability that a random
 * positive scores above a random negative, ties counting half. Null without both classes.
 * @example
 * auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // => 0.75
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let sum = 0;
  for (let s = 0; s < n; ) {
    let e = s;
    let tiePos = 0;
    let tieNeg = 0;
    while (e < n && scores[order[e]!] === scores[order[s]!]) {
      if (labels[order[e]!] === 1) tiePos++;
      else tieNeg++;
      e++;
    }
    sum += tiePos * (neg + tieNeg / 2);
    pos += tiePos;
    neg += tieNeg;
    s = e;
  }
  return pos > 0 && neg > 0 ? sum / (pos * neg) : null;
}

/**
 * Exact k-nearest-neighbour search over mixed numeric and categorical points, with the SMOTE-NC
 * distance: squared Euclidean distance of the (already scaled) numeric coordinates plus `penalty`
 * for every categorical feature that differs.
 *
 * Points are split into cells by their categorical values; each cell holds a k-d tree over the
 * numeric coordinates. A query visits the cells in order of how many categorical values differ
 * (a lower bound of the distance to anything in the cell) and stops when that bound exceeds the
 * k-th best distance found, so it stays exact while touching few points.
 */

/** Points in row-major arrays: `n` points with `d` numeric coordinates and `c` categorical codes. */
export interface MixedPoints {
  readonly n: number;
  readonly d: number;
  readonly c: number;
  readonly coords: Float64Array;
  readonly cats: Int32Array;
}

/** Work done, for benchmarks: queries answered and point distances computed. */
export interface SearchCost {
  queries: number;
  distances: number;
}

const LEAF = 12;

class KdTree {
  readonly idx: Int32Array;
  // Node arrays: [lo, hi) range of idx, split dimension (-1 for a leaf), split value, children.
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];
  private readonly dim: number[] = [];
  private readonly split: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];

  constructor(
    private readonly coords: Float64Array,
    private readonly d: number,
    members: readonly number[],
  ) {
    this.idx = Int32Array.from(members);
    if (members.length > 0) this.build(0, members.length);
  }

  private build(lo: number, hi: number): number {
    const node = this.lo.length;
    this.lo.push(lo);
    this.hi.push(hi);
    this.dim.push(-1);
    this.split.push(0);
    this.left.push(-1);
    this.right.push(-1);
    if (hi - lo <= LEAF || this.d === 0) return node;
    // Split on the dimension of widest spread, at the median.
    let best = -1;
    let spread = 0;
    for (let j = 0; j < this.d; j++) {
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (let i = lo; i < hi; i++) {
        const v = this.coords[this.idx[i]! * this.d + j]!;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx - mn > spread) {
        spread = mx - mn;
        best = j;
      }
    }
    if (best < 0) return node; // all points equal in every coordinate
    const mid = (lo + hi) >> 1;
    this.select(lo, hi - 1, mid, best);
    this.dim[node] = best;
    this.split[node] = this.coords[this.idx[mid]! * this.d + best]!;
    this.left[node] = this.build(lo, mid);
    this.right[node] = this.build(mid, hi);
    return node;
  }

  /** Quickselect: idx[k] gets the k-th smallest coordinate `j` of [l, r]; smaller ones before it. */
  private select(l: number, r: number, k: number, j: number): void {
    const { idx, coords, d } = this;
    while (r > l) {
      const pivot = coords[idx[(l + r) >> 1]! * d + j]!;
      let i = l;
      let m = r;
      while (i <= m) {
        while (coords[idx[i]! * d + j]! < pivot) i++;
        while (coords[idx[m]! * d + j]! > pivot) m--;
        if (i <= m) {
          const t = idx[i]!;
          idx[i] = idx[m]!;
          idx[m] = t;
          i++;
          m--;
        }
      }
      if (k <= m) r = m;
      else if (k >= i) l = i;
      else return;
    }
  }

  /** Adds the points of this tree closer than the current k-th best to the heap. */
  search(q: ArrayLike<number>, offset: number, heap: Heap, exclude: number, cost: SearchCost): void {
    if (this.idx.length > 0) this.visit(0, q, offset, heap, exclude, cost);
  }

  private visit(
    node: number,
    q: ArrayLike<number>,
    offset: number,
    heap: Heap,
    exclude: number,
    cost: SearchCost,
  ) {
    const dim = this.dim[node]!;
    if (dim < 0) {
      const { coords, d, idx } = this;
      for (let i = this.lo[node]!; i < this.hi[node]!; i++) {
        const p = idx[i]!;
        if (p === exclude) continue;
        let s = offset;
        for (let j = 0; j < d; j++) {
          const t = coords[p * d + j]! - q[j]!;
          s += t * t;
        }
        cost.distances++;
        heap.offer(p, s);
      }
      return;
    }
    const diff = q[dim]! - this.split[node]!;
    const near = diff < 0 ? this.left[node]! : this.right[node]!;
    const far = diff < 0 ? this.right[node]! : this.left[node]!;
    this.visit(near, q, offset, heap, exclude, cost);
    if (offset + diff * diff <= heap.worst()) this.visit(far, q, offset, heap, exclude, cost);
  }
}

/** The k best (smallest distance) points seen, ties broken by the smaller point index. */
class Heap {
  readonly index: Int32Array;
  readonly dist: Float64Array;
  size = 0;
  constructor(readonly k: number) {
    this.index = new Int32Array(k);
    this.dist = new Float64Array(k);
  }
  worst(): number {
    return this.size < this.k ? Number.POSITIVE_INFINITY : this.dist[this.size - 1]!;
  }
  offer(p: number, s: number): void {
    if (this.size === this.k) {
      const w = this.dist[this.size - 1]!;
      if (s > w || (s === w && p > this.index[this.size - 1]!)) return;
      this.size--;
    }
    let i = this.size++;
    while (i > 0 && (this.dist[i - 1]! > s || (this.dist[i - 1] === s && this.index[i - 1]! > p))) {
      this.dist[i] = this.dist[i - 1]!;
      this.index[i] = this.index[i - 1]!;
      i--;
    }
    this.dist[i] = s;
    this.index[i] = p;
  }
}

/** Exact k-nearest-neighbour index over {@link MixedPoints}. */
export class NeighbourIndex {
  readonly cost: SearchCost = { queries: 0, distances: 0 };
  private readonly cells: { readonly cats: Int32Array; readonly tree: KdTree }[] = [];

  constructor(
    private readonly points: MixedPoints,
    /** Added to the squared distance per differing categorical value. */
    private readonly penalty = 1,
  ) {
    const { n, c, cats } = points;
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const key = c === 0 ? '' : Array.from(cats.subarray(i * c, i * c + c)).join(',');
      let list = byKey.get(key);
      if (!list) {
        list = [];
        byKey.set(key, list);
      }
      list.push(i);
    }
    for (const members of byKey.values()) {
      const first = members[0]!;
      this.cells.push({
        cats: cats.slice(first * c, first * c + c),
        tree: new KdTree(points.coords, points.d, members),
      });
    }
  }

  /**
   * The `k` nearest points to a query (numeric coordinates `q`, categorical codes `qc`), nearest
   * first, leaving out point `exclude` (-1: none). Returns point indexes and squared distances.
   */
  knn(
    q: ArrayLike<number>,
    qc: ArrayLike<number>,
    k: number,
    exclude = -1,
  ): { index: Int32Array; dist: Float64Array } {
    this.cost.queries++;
    const heap = new Heap(k);
    const c = this.points.c;
    const order = this.cells.map((cell, i) => {
      let m = 0;
      for (let j = 0; j < c; j++) if (cell.cats[j] !== qc[j]) m++;
      return { i, bound: m * this.penalty };
    });
    order.sort((a, b) => a.bound - b.bound || a.i - b.i);
    for (const { i, bound } of order) {
      if (bound > heap.worst()) break;
      this.cells[i]!.tree.search(q, bound, heap, exclude, this.cost);
    }
    return { index: heap.index.slice(0, heap.size), dist: heap.dist.slice(0, heap.size) };
  }
}

/**
 * The memo of the exact search: facts about f(S), the least peak of the steps still to run after the op set
 * S, keyed by S. A segment of up to 52 ops keys S by the number Σ 2^i over its local op indices i (exact in a
 * double); a longer one by a string of 16-bit words of the bitset.
 */

/** Facts about f(S): lb ≤ f(S) ≤ ub, `mv` the first op of a completion achieving ub. */
export interface MemoEntry {
  lb: number;
  ub: number;
  mv: number;
}

/** Memo key of the empty set for a segment of L ops (see branchAndBound). */
export function rootKey(L: number): number | string {
  return L <= 52 ? 0 : String.fromCharCode.apply(null, new Uint16Array((L + 15) >>> 4) as unknown as number[]);
}

/**
 * A feature column sorted once, so that the Mann-Whitney AUC of any subset of its subjects (a training part
 * of a fold) under any labelling (a permutation) costs one O(N) pass instead of a sort. Feature values keep
 * their units; AUCs are dimensionless.
 *
 * Pass over tie groups in ascending value: U += p_g (negatives below + n_g / 2); AUC = U / (m n), ties
 * counted one half (Hanley & McNeil, Radiology 1982), the same number as mannWhitneyAuc on the subset.
 */
export interface RankedColumn {
  /** Subject indices in ascending order of value. */
  order: Uint32Array;
  /** Start position (in `order`) of each tie group, then N: group g is order[starts[g] .. starts[g + 1]). */
  starts: Uint32Array;
}

/** Sorts one finite column (checked by the caller). */
export function rankColumn(column: ArrayLike<number>): RankedColumn {
  const n = column.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => column[a] - column[b]);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || column[order[k]] !== column[order[k - 1]]) starts.push(k);
  starts.push(n);
  return { order, starts: Uint32Array.from(starts) };
}

/** True when every subject has the same value (one tie group). */
export function isConstant(ranked: RankedColumn): boolean {
  return ranked.starts.length <= 2;
}

/**
 * AUC with higher values predicting positive over a subset of subjects given as counts: `copies[i]` copies
 * of subject i (0: left out; several: a bootstrap resample). NaN when the subset lacks a class.
 */
export function subsetAuc(
  ranked: RankedColumn,
  isPositive: ArrayLike<boolean>,
  copies: ArrayLike<number>,
): number {
  const { order, starts } = ranked;
  let u = 0;
  let negativesBelow = 0;
  let positives = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    let p = 0;
    let q = 0;
    for (let k = starts[g]; k < starts[g + 1]; k++) {
      const i = order[k];
      if (isPositive[i]) p += copies[i];
      else q += copies[i];
    }
    u += p * (negativesBelow + 0.5 * q);
    negativesBelow += q;
    positives += p;
  }
  return u / (positives * negativesBelow);
}

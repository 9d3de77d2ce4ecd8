import { InputError } from '../errors.ts';

/**
 * Ordinary least squares: the coefficients b minimising |X b - y|^2, from the normal equations
 * (X^T X) b = X^T y solved by Gaussian elimination with partial pivoting. Small systems only (a handful of
 * coefficients): the condition number of X^T X is the square of X's, acceptable for the 3-4 well-scaled
 * temperature columns used here. Throws InputError when the columns do not determine the coefficients.
 */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const k = rows[0]?.length ?? 0;
  if (rows.length !== y.length) throw new InputError('least squares: rows and values differ in number');
  if (rows.length < k || k === 0)
    throw new InputError(`least squares: ${rows.length} points cannot determine ${k} coefficients`);
  // Augmented normal-equation matrix [X^T X | X^T y].
  const a = Array.from({ length: k }, (_, i) => {
    const row = new Array<number>(k + 1).fill(0);
    rows.forEach((x, n) => {
      for (let j = 0; j < k; j++) row[j] = (row[j] as number) + (x[i] as number) * (x[j] as number);
      row[k] = (row[k] as number) + (x[i] as number) * (y[n] as number);
    });
    return row;
  });
  const scale = Math.max(...a.map((r, i) => Math.abs(r[i] as number)));
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r]?.[col] as number) > Math.abs(a[pivot]?.[col] as number)) pivot = r;
    if (!(Math.abs(a[pivot]?.[col] as number) > 1e-12 * scale))
      throw new InputError('least squares: the points do not determine the coefficients (collinear columns)');
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const factor = (row[col] as number) / (p[col] as number);
      for (let j = col; j <= k; j++) row[j] = (row[j] as number) - factor * (p[j] as number);
    }
  }
  return a.map((row, i) => (row[k] as number) / (row[i] as number));
}

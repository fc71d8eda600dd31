/**
 * Bracketing root finders used to invert distribution functions
 * (F quantile, noncentral-t confidence limits). Bisection is chosen over
 * faster methods on purpose: the targets are monotone, evaluations are cheap,
 * and bisection cannot diverge or be fooled by the small kinks that R's own
 * noncentral-t CDF has where it switches algorithm.
 */

export interface BisectOptions {
  /** Stop when the bracket is narrower than xTol + relTol·|x|. */
  readonly xTol?: number;
  readonly relTol?: number;
  readonly maxIterations?: number;
}

/**
 * Finds x in [lo, hi] with f(x) = 0, given f(lo) and f(hi) of opposite sign
 * (or one of them zero). Returns NaN when the bracket is invalid.
 * Runs until the bracket cannot shrink further in double precision unless
 * tolerances say otherwise.
 */
export function bisect(f: (x: number) => number, lo: number, hi: number, options: BisectOptions = {}): number {
  const xTol = options.xTol ?? 0;
  const relTol = options.relTol ?? 4 * Number.EPSILON;
  const maxIterations = options.maxIterations ?? 2000;
  let fLo = f(lo);
  const fHi = f(hi);
  if (Number.isNaN(fLo) || Number.isNaN(fHi)) return NaN;
  if (fLo === 0) return lo;
  if (fHi === 0) return hi;
  if (Math.sign(fLo) === Math.sign(fHi)) return NaN;
  let a = lo;
  let b = hi;
  for (let i = 0; i < maxIterations; i++) {
    const mid = a + (b - a) / 2;
    if (mid === a || mid === b) break; // bracket is two adjacent doubles
    if (Math.abs(b - a) <= xTol + relTol * Math.abs(mid)) break;
    const fMid = f(mid);
    if (Number.isNaN(fMid)) return NaN;
    if (fMid === 0) return mid;
    if (Math.sign(fMid) === Math.sign(fLo)) {
      a = mid;
      fLo = fMid;
    } else {
      b = mid;
    }
  }
  return a + (b - a) / 2;
}

/**
 * For a monotone f, widens [start − step, start + step] geometrically until
 * f changes sign, then bisects. Used where no natural bracket is known
 * (noncentral-t limits).
 */
export function bracketAndBisect(f: (x: number) => number, start: number, initialStep = 1, options: BisectOptions = {}): number {
  let step = initialStep;
  let lo = start - step;
  let hi = start + step;
  for (let i = 0; i < 200; i++) {
    const fLo = f(lo);
    const fHi = f(hi);
    if (Number.isNaN(fLo) || Number.isNaN(fHi)) return NaN;
    if (Math.sign(fLo) !== Math.sign(fHi) || fLo === 0 || fHi === 0) {
      return bisect(f, lo, hi, options);
    }
    step *= 2;
    lo = start - step;
    hi = start + step;
  }
  return NaN;
}

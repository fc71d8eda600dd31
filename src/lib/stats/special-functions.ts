/**
 * Special functions not available from the installed @stdlib packages.
 * (@stdlib/math-base-special-gammaln exists only as a transitive dependency,
 * so it is not imported: it is not declared in package.json.)
 */

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients). Relative
// error of Γ is about 1e-15 for x ≥ 0.5, which is ample for the ratios used
// here (Hedges' J, the noncentral-t series prefactor).
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LN_2PI = 0.9189385332046728; // ln(√(2π))

/**
 * Natural log of |Γ(x)|. Mirrors R `lgamma(x)` for x > 0 (the only domain the
 * statistics here need); non-positive integers give +Infinity like R.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) {
    a += (LANCZOS_COEFFICIENTS[i] as number) / (z + i);
  }
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

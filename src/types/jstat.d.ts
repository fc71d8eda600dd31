/**
 * Minimal ambient declaration for the parts of 'jstat' this project touches.
 * Used only by test/lib/stats as an independent cross-check of the
 * noncentral-t CDF (src/lib/stats does not depend on jstat; see
 * src/lib/stats/noncentral-t.ts for why).
 */
declare module 'jstat' {
  interface JStatNoncentralT {
    cdf(x: number, dof: number, ncp: number): number;
    pdf(x: number, dof: number, ncp: number): number;
  }
  interface JStatStatic {
    noncentralt: JStatNoncentralT;
  }
  const jStat: JStatStatic;
  export default jStat;
}

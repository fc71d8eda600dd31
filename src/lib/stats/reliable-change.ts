/**
 * Jacobson–Truax (1991) Reliable Change Index, with the √2 term of
 * Christensen & Mendoza (1986).
 */
import { assertPaired, isPresent, type Numbers, sampleSd } from './descriptive.ts';

export type ReliableChangeCategory = 'improved' | 'unchanged' | 'deteriorated' | 'missing';

export interface ReliableChangeOptions {
  /** Direction of the scale; false reverses improved/deteriorated. Default true. */
  readonly higherIsBetter?: boolean;
  /** |RCI| must exceed this to count as reliable (default 1.96, two-sided 5%). */
  readonly criterion?: number;
  /**
   * SD used as S₁. Default: sample SD (n − 1) of pre over complete pairs (the
   * sample's own pre-test SD, as Jacobson & Truax allow); pass a normative SD
   * to use published norms instead.
   */
  readonly sdPre?: number;
}

export interface ReliableChangePerson {
  /** Index into the input arrays. */
  readonly index: number;
  /** RCI = (post − pre) / S_diff; NaN when the pair is incomplete. */
  readonly rci: number;
  readonly category: ReliableChangeCategory;
}

export interface ReliableChangeResult {
  /** Complete pairs classified. */
  readonly n: number;
  readonly reliability: number;
  /** S₁ actually used. */
  readonly sdPre: number;
  /** SE of measurement S₁·√(1 − r_xx). */
  readonly sem: number;
  /** S_diff = √2·SE. */
  readonly sDiff: number;
  /** Smallest raw change counted as reliable: criterion·S_diff. */
  readonly minimumReliableChange: number;
  readonly counts: { readonly improved: number; readonly unchanged: number; readonly deteriorated: number };
  /** One entry per input position (incomplete pairs → category 'missing'). */
  readonly persons: ReliableChangePerson[];
  readonly reason?: string;
}

/**
 * Classifies each person's change as reliable improvement, no reliable
 * change or reliable deterioration:
 * S_diff = √2 · S₁ · √(1 − r_xx), RCI = (post − pre)/S_diff, reliable when
 * |RCI| > criterion (strictly). Mirrors the R reference in
 * test/reference/r/reliable-change.R: `sdiff <- sqrt(2 * (sd(pre) * sqrt(1 - rel))^2)`.
 * Invalid reliability (outside [0, 1)), or S_diff = 0/NaN, gives NaN RCIs,
 * all persons 'missing' and a reason.
 */
export function reliableChange(
  post: readonly number[],
  pre: readonly number[],
  reliability: number,
  options: ReliableChangeOptions = {},
): ReliableChangeResult {
  const persons: ReliableChangePerson[] = post.map((_, index) => ({ index, rci: NaN, category: 'missing' }));
  const summary = classify(post, pre, reliability, options, (index, rci, category) => {
    persons[index] = { index, rci, category };
  });
  const { reason, ...figures } = summary;
  return { ...figures, persons, ...(reason === undefined ? {} : { reason }) };
}

/** reliableChange without the list of persons: the counts and figures a report shows. */
export type ReliableChangeSummary = Omit<ReliableChangeResult, 'persons'>;

/**
 * The same classification, counted only: no object per person (at 100,000 pairs, 200,000 objects per scale
 * made for a list no report shows).
 */
export function reliableChangeSummary(post: Numbers, pre: Numbers, reliability: number, options: ReliableChangeOptions = {}): ReliableChangeSummary {
  return classify(post, pre, reliability, options, null);
}

/** Classifies each complete pair (handing each to `each`, if given) and counts them. */
function classify(
  post: Numbers,
  pre: Numbers,
  reliability: number,
  options: ReliableChangeOptions,
  each: ((index: number, rci: number, category: Exclude<ReliableChangeCategory, 'missing'>) => void) | null,
): ReliableChangeSummary {
  assertPaired(post, pre);
  const higherIsBetter = options.higherIsBetter ?? true;
  const criterion = options.criterion ?? 1.96;
  // The complete pairs' pre scores (R: complete.cases), for S₁.
  const preComplete = new Float64Array(pre.length);
  let n = 0;
  for (let i = 0; i < pre.length; i++) if (isPresent(post[i]!) && isPresent(pre[i]!)) preComplete[n++] = pre[i]!;
  const sdPre = options.sdPre ?? sampleSd(preComplete.subarray(0, n));
  const sem = sdPre * Math.sqrt(1 - reliability);
  const sDiff = Math.sqrt(2) * sem;

  let reason: string | undefined;
  if (!(reliability >= 0 && reliability < 1)) reason = 'reliability must be in [0, 1)';
  else if (n === 0) reason = 'no complete pairs';
  else if (!(sDiff > 0)) reason = 'S_diff is zero or undefined (need ≥ 2 pairs with varying pre scores)';

  const counts = { improved: 0, unchanged: 0, deteriorated: 0 };
  if (reason === undefined) {
    for (let index = 0; index < post.length; index++) {
      const a = post[index]!;
      const b = pre[index]!;
      if (!isPresent(a) || !isPresent(b)) continue;
      const rci = (a - b) / sDiff;
      const directional = higherIsBetter ? rci : -rci;
      const category = directional > criterion ? 'improved' : directional < -criterion ? 'deteriorated' : 'unchanged';
      counts[category] += 1;
      each?.(index, rci, category);
    }
  }
  return {
    n,
    reliability,
    sdPre,
    sem,
    sDiff,
    minimumReliableChange: criterion * sDiff,
    counts,
    ...(reason === undefined ? {} : { reason }),
  };
}

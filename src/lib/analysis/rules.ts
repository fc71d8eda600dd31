// Every rule the report states, in one place: the texts in meta.rules and the R call each statistic
// reproduces (meta.rEquivalents). Sections compute; this module says what they computed.
import { ID_KIND_RULE } from '../import/participant-ids.ts';
import { DUPLICATE_RULE, EXACT_RULE, FUZZY_RULE } from '../matching/match.ts';
import { ATTACH_RULE, DEMOGRAPHICS_RULE } from './dataset.ts';
import { SUPPRESSION_RULE } from './suppress.ts';

export const DIGITS_RANK = 7;
export const RCI_CRITERION = 1.96;

export const R_EQUIVALENTS: { statistic: string; r: string }[] = [
  {
    statistic: 'scale score',
    r: 'ifelse(rowSums(!is.na(keyed)) >= ceiling(share * k), rowMeans(keyed, na.rm = TRUE), NA)  # keyed = items after reverse keying (min + max - x); "not familiar" (8) and "no opportunity" (9) set to NA first',
  },
  { statistic: 'paired t-test, mean change and 95% CI', r: 't.test(post, pre, paired = TRUE)' },
  {
    statistic: 'Wilcoxon signed-rank',
    r: 'wilcox.test(post, pre, paired = TRUE, digits.rank = 7)  # R 4.2 rules; equals the default digits.rank = Inf whenever differences carry no floating-point noise',
  },
  { statistic: "Cohen's d_z with noncentral-t CI", r: 'effectsize::cohens_d(post, pre, paired = TRUE)  # d_z = mean(d) / sd(d)' },
  { statistic: "Hedges' g_z", r: 'd_z * exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df - 1)/2)), df = n - 1' },
  { statistic: "Cronbach's alpha with Feldt CI", r: 'psych::alpha(keyed[complete.cases(keyed), ])  # raw_alpha, Feldt row of alpha.ci' },
  {
    statistic: 'reliable change (Jacobson–Truax)',
    r: 'rc <- (post - pre) / sqrt(2 * (sd(pre) * sqrt(1 - alpha_pre))^2); table(cut(rc, c(-Inf, -1.96, 1.96, Inf)))',
  },
  { statistic: 'Wilcoxon signed-rank per item', r: 'wilcox.test(post, pre, paired = TRUE)  # whole-number differences: digits.rank makes no difference' },
  { statistic: 'item p-values adjusted', r: 'p.adjust(p, method = "holm")  # family: every item of the instrument' },
  { statistic: 'subgroup difference in change (Welch ANOVA)', r: 'oneway.test(change ~ group, var.equal = FALSE)' },
  { statistic: 'subgroup difference in change (Kruskal–Wallis)', r: 'kruskal.test(change ~ group)' },
  { statistic: 'attrition: completers vs pre-only at baseline', r: 't.test(completers, pre_only)  # Welch' },
  { statistic: 'follow-up: change from pre', r: 't.test(followup, pre, paired = TRUE); wilcox.test(followup, pre, paired = TRUE, digits.rank = 7)' },
  { statistic: 'pre, post and follow-up together', r: 'friedman.test(M)  # M = cbind(pre, post, followup), rows = people with all three' },
  {
    statistic: 'pairwise timepoints after Friedman',
    r: 'p.adjust(c(wilcox.test(M[,1], M[,2], paired = TRUE, digits.rank = 7)$p.value, wilcox.test(M[,1], M[,3], paired = TRUE, digits.rank = 7)$p.value, wilcox.test(M[,2], M[,3], paired = TRUE, digits.rank = 7)$p.value), "holm")  # M = complete rows; V is of column i − column j',
  },
  { statistic: 'response shift and then → post', r: 't.test(then, pre, paired = TRUE); t.test(post, then, paired = TRUE)' },
  { statistic: 'attrition to follow-up', r: 't.test(pre_with_followup, pre_without_followup)  # Welch' },
  {
    statistic: 'knowledge: % correct pre vs post',
    r: 't.test(post_pct, pre_pct, paired = TRUE); wilcox.test(post_pct, pre_pct, paired = TRUE, digits.rank = 7)',
  },
  { statistic: 'knowledge per question, "not familiar" per target', r: 'binom.test(b, b + c, 0.5) if b + c < 25, else mcnemar.test(table(pre, post))' },
];

export const RULES = {
  participantIds: `${ID_KIND_RULE} meta.sources says, per file, which kind its records carry.`,
  matching: EXACT_RULE,
  duplicates: DUPLICATE_RULE,
  fuzzy: FUZZY_RULE,
  notAnalysed:
    'Records with timepoint "then" or "followup" are analysed in each scale\'s thenTest and followUp/friedman results, with the person they belong to (see attachment); records that belong to no one are counted in the sample flow.',
  attachment: ATTACH_RULE,
  scoring:
    'Scale score: mean of the answered items after reverse keying (reversed value = lowest + highest point − value), if at least ⌈share × items⌉ items are answered; otherwise missing. "Not familiar enough to say" and "No opportunity" count as not answered. Nothing is imputed.',
  analysedPairs:
    'Change statistics (scales, items, gap, subgroups) use matched pairs (exact, plus fuzzy pairs when fuzzy matching is on) with a value at both timepoints; pre and post means and SDs of a scale are over those same pairs.',
  alpha:
    "Cronbach's alpha per timepoint over every person with a record at that timepoint (one record per person; duplicates excluded) who answered every item of the scale (listwise), after reverse keying; Feldt 95% CI. An item everyone answered alike is left out, as psych::alpha leaves it out, and named beside alpha (its alpha-if-deleted and item-rest correlation are then blank).",
  reliableChange: `Jacobson–Truax RCI = (post − pre) / S_diff, S_diff = √2 · SD(pre of the matched pairs) · √(1 − alpha at pre); |RCI| > ${RCI_CRITERION} is reliable; higher scores are better on every scale.`,
  wilcoxon:
    'Wilcoxon signed-rank test with R 4.2 rules (exact when fewer than 50 non-zero differences and no ties or zeros, otherwise normal approximation with continuity correction and tie correction). Differences are rounded to 7 significant digits before ranking, so floating-point noise in prorated means cannot break ties (R: digits.rank = 7).',
  effectSize: "Cohen's d_z = mean change / SD of change (standardiser: SD of the differences), noncentral-t 95% CI; Hedges' g_z = d_z · J(n − 1), exact J.",
  items:
    'Item statistics use raw answers (not reverse-keyed); non-substantive answers ("not familiar", "no opportunity") are left out. "Agree" is the % of answers in the top two points of the item\'s response scale; for reverse-keyed items agreeing is the less favourable answer. Holm adjustment over all items of the instrument.',
  gap: "Gap = a person's minuend scale score minus their subtrahend scale score (e.g. 12-step minus psychiatric attitude), at pre and at post; change = post gap − pre gap. Positive gap: 12-step groups rated more favourably.",
  subgroups: `${DEMOGRAPHICS_RULE} Change scores are compared between groups with Welch's ANOVA and the Kruskal–Wallis test.`,
  suppression: SUPPRESSION_RULE,
  attrition: 'Completers (matched pairs) are compared with pre-only respondents on their pre scale scores (Welch two-sample t-test).',
  followUp:
    'Follow-up change = follow-up score − pre score, on people with both (matched or not at post); paired t-test, Wilcoxon and d_z as for pre → post. Friedman test over pre, post and follow-up on people with all three, then paired Wilcoxon tests for each pair of timepoints, Holm-adjusted. Practice items ask about the past 3 months, so practice can change only at follow-up.',
  attritionFollowUp:
    'People with a pre record and a follow-up record are compared with people with a pre record but no follow-up, on their pre scale scores (Welch two-sample t-test).',
  thenTest:
    'Then-test (retrospective pre, answered with the post questionnaire): response shift = then − pre, and then → post = post − then, paired t-tests on people with both scores. Read beside pre → post, not instead of it: recall, effort justification and wishing to please can all move "then" answers.',
  knowledge:
    "Knowledge: per person and module, the share of that module's scored questions answered correctly (an unanswered question counts as not correct), before and after its lessons, paired t-test and Wilcoxon on people with both. Per question, correct before vs after with McNemar's test (exact binomial when fewer than 25 discordant pairs). Answers are scored only against the questions whose fingerprint the record names.",
  familiarity:
    'Not familiar: per matched pair and kind of group, whether any attitude item about that kind was answered "Not familiar enough to say", before and after; McNemar\'s test on the pairs (exact binomial when fewer than 25 discordant pairs). The share of attitude answers that were "not familiar" is given too (items left unanswered are not answers).',
} as const;

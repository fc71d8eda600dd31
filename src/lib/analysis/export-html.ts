// Self-contained, printable HTML report: inline CSS only, no scripts, no external resources. Every string
// that comes from data (file names, messages, ids, labels) is HTML-escaped, so imported files can never
// become markup.
import type { Instrument } from '../instrument/schema.ts';
import type { AttritionResult, Num, PairedTests, Report, TimepointSummary } from './report-types.ts';
import { statementNote } from '../import/problem-place.ts';
import type { CellCount } from './suppress.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const DASH = '<span title="not available">–</span>';
const fmt = (x: Num | undefined, digits = 2): string => (x === null || x === undefined ? DASH : escapeHtml(x.toFixed(digits)));
const fmtP = (p: Num | undefined): string => (p === null || p === undefined ? DASH : p < 0.001 ? '&lt; 0.001' : escapeHtml(p.toFixed(3)));
const fmtN = (n: CellCount): string => (typeof n === 'number' ? String(n) : escapeHtml(n));
const ci = (lo: Num | undefined, hi: Num | undefined, digits = 2) =>
  lo === null || lo === undefined || hi === null || hi === undefined ? DASH : `[${fmt(lo, digits)}, ${fmt(hi, digits)}]`;
const mSd = (m: Num, sd: Num) => `${fmt(m)} (${fmt(sd)})`;
const tCell = (x: Pick<PairedTests, 'tTest'>) =>
  x.tTest.t === null ? DASH : `t(${escapeHtml(x.tTest.df)}) = ${fmt(x.tTest.t)}, p ${x.tTest.p !== null && x.tTest.p < 0.001 ? '' : '= '}${fmtP(x.tTest.p)}`;
const fmtV = (v: Num) => (v === null ? DASH : Number.isInteger(v) ? String(v) : fmt(v, 1));
const wCell = (x: PairedTests) => (x.wilcoxon.p === null ? DASH : `V = ${fmtV(x.wilcoxon.V)}, p ${x.wilcoxon.p < 0.001 ? '' : '= '}${fmtP(x.wilcoxon.p)}`);
/** α with its CI and n, and the items left out of it because everyone answered them alike. */
const alphaCell = (t: TimepointSummary) =>
  `${fmt(t.alpha)} ${ci(t.alphaCiLow, t.alphaCiHigh)} (${t.alphaN})${t.alphaLeftOut.length ? `<br><span class="note">without ${t.alphaLeftOut.map(escapeHtml).join(', ')} (answered alike by all)</span>` : ''}`;
const dCell = (x: PairedTests) => (x.effectSize.dz === null ? DASH : `${fmt(x.effectSize.dz)} ${ci(x.effectSize.dzCiLow, x.effectSize.dzCiHigh)}`);

/** Files listed in the report's table of files (all of them are in meta.sources). */
const MAX_SOURCES = 100;
const SOURCE_FORMATS: Record<string, string> = {
  json: 'result records (JSON)',
  csv: 'long CSV',
  redcap: 'REDCap export',
  qualtrics: 'Qualtrics export',
  lms: 'LMS interactions',
  'moodle-interactions': 'Moodle interactions report',
  'lms-interactions': 'LMS interactions (generic)',
};

function table(caption: string, head: string[], rows: string[][], opts: { rowHeader?: boolean } = {}): string {
  const rowHeader = opts.rowHeader ?? true;
  const thead = `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const tbody = rows.length
    ? rows.map((r) => `<tr>${r.map((c, i) => (i === 0 && rowHeader ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${head.length}">No data.</td></tr>`;
  return `<table>\n<caption>${caption}</caption>\n${thead}\n<tbody>\n${tbody}\n</tbody>\n</table>`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 75rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #2b4c7e; padding-bottom: .2rem; } h3 { font-size: 1.05rem; margin-top: 1.25rem; }
table { border-collapse: collapse; margin: .75rem 0 1.25rem; font-size: .88rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #b8b8b8; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #e8eef7; } tbody th { font-weight: 600; background: #f7f7f7; }
td { font-variant-numeric: tabular-nums; }
.meta, .note { color: #444; } .caveats { background: #fff8e5; border: 1px solid #e0c36c; padding: .5rem 1rem; }
.problems li.error { color: #8a1f11; } code { font-size: .85em; overflow-wrap: anywhere; }
dl dt { font-weight: 600; margin-top: .5rem; } dl dd { margin-left: 1rem; }
@media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } .caveats { border-color: #999; } }
`;

const MAX_PROBLEMS = 200;

/**
 * The report's content (sections with h2 headings and tables), without the page around it and without an
 * h1: for a page that has its own heading (the evaluator dashboard). Every data string is escaped.
 */
export function renderReportBody(report: Report, instrument: Instrument): string {
  const m = report.meta;
  const f = report.sampleFlow;
  const scaleTitle = new Map(report.scales.map((s) => [s.id, s.title]));
  const itemText = new Map(instrument.items.map((i) => [i.id, i.text]));
  const parts: string[] = [];

  parts.push(`<p class="meta">Questionnaire <code>${escapeHtml(m.instrument.id)}</code> version ${escapeHtml(m.instrument.version)}, content hash <code>${escapeHtml(m.instrument.hash.slice(0, 16))}…</code>. Generated ${escapeHtml(m.generatedAt)}. Fuzzy matching ${m.options.fuzzy ? 'on' : 'off'}. Confidence intervals ${escapeHtml(Math.round(m.options.confLevel * 100))}%.</p>
<div class="caveats"><p><strong>Read this first.</strong> There is no control group, so change cannot be attributed to the training alone. Answers right after a course are prone to social desirability and response shift; extreme scores tend to move toward the mean on a second measurement (regression to the mean); scores near the top of a 1–5 scale have little room to rise (ceiling). Questions about the past months (such as practices) cannot show a training effect between a pre and a post taken minutes apart. Subgroup results are exploratory.</p></div>`);

  // Sample flow
  const flowRows: [string, number][] = [
    // An LRS's pages are read as files; said apart, and files only when there are some besides them.
    ...(f.lrsPages
      ? ([...(f.files > f.lrsPages ? [['Files', f.files - f.lrsPages]] : []), ['LRS pages with records', f.lrsPages]] as [string, number][])
      : [['Files', f.files] as [string, number]]),
    ['Records read', f.recordsRead],
    ['Records imported', f.imported],
    ['Records rejected (see problems)', f.rejected],
    ['Records of another instrument or version (kept apart)', f.otherInstrument],
    ['Identical copies (counted once)', f.identicalCopies],
    ['Records edited after download (checksum mismatch, kept)', f.checksumMismatch],
    ['Pre records', f.preRecords],
    ['Post records', f.postRecords],
    ['People with a pre record', f.pre],
    ['People with a post record', f.post],
    ['Matched pairs (exact)', f.matched],
    ['Matched pairs (fuzzy)', f.matchedFuzzy],
    ['Pre only (no post)', f.preOnly],
    ['Post only (no pre)', f.postOnly],
    ['Duplicate records set aside', f.duplicates],
    ['Ambiguous fuzzy candidates (left unmatched)', f.ambiguousFuzzy],
    [m.options.fuzzy ? 'Pairs added by fuzzy matching' : 'Pairs fuzzy matching would add', f.fuzzyAvailable],
    ['Follow-up records', f.followup],
    ['People with a pre and a follow-up record', f.matchedFollowUp],
    ['People with pre, post and follow-up', f.allThree],
    ['Retrospective "then" records', f.then],
    ['Records with knowledge questions only', f.knowledgeOnly],
    ...f.excluded.map((e): [string, number] => [`Excluded: ${escapeHtml(e.reason)}`, e.count]),
  ];
  parts.push(
    `<h2 id="flow">Sample flow</h2>`,
    table(
      'Records and people at each step',
      ['Step', 'Count'],
      flowRows.map(([a, b]) => [a, String(b)]),
    ),
  );
  const sources = m.sources ?? [];
  if (sources.length) {
    const shown = sources.slice(0, MAX_SOURCES);
    parts.push(
      table(
        'Files: what each was read as, and its participant ids (ids from another system are matched exactly, never fuzzily, and never with participant codes)',
        ['File', 'Read as', 'Records imported', 'Participant ids'],
        shown.map((s) => [
          `<code>${escapeHtml(s.file)}</code>`,
          escapeHtml(SOURCE_FORMATS[s.format ?? ''] ?? s.format ?? 'not read'),
          String(s.records),
          escapeHtml(s.participantIds),
        ]),
      ),
    );
    if (sources.length > shown.length)
      parts.push(`<p>… and ${sources.length - shown.length} more files (all are in the JSON report's <code>meta.sources</code> and in sources.csv).</p>`);
  }

  // Scales
  parts.push(
    `<h2 id="scales">Change per scale</h2>`,
    table(
      'Matched pairs: scale scores before and after, change (post − pre), tests and effect size',
      ['Scale', 'n', 'Pre M (SD)', 'Post M (SD)', 'Change [95% CI]', 'Paired t', 'Wilcoxon', 'd<sub>z</sub> [95% CI]', 'g<sub>z</sub>'],
      report.scales.map((s) => [
        escapeHtml(s.title),
        String(s.n),
        mSd(s.pre.mean, s.pre.sd),
        mSd(s.post.mean, s.post.sd),
        `${fmt(s.difference.mean)} ${ci(s.difference.ciLow, s.difference.ciHigh)}`,
        tCell(s),
        wCell(s),
        dCell(s),
        fmt(s.effectSize.gz),
      ]),
    ),
    table(
      "Reliability (Cronbach's alpha, Feldt 95% CI) and reliable change (Jacobson–Truax)",
      [
        'Scale',
        'Alpha pre [CI] (n)',
        'Alpha post [CI] (n)',
        'Prorated scores pre / post',
        'Reliably improved',
        'No reliable change',
        'Reliably deteriorated',
        'Smallest reliable change',
      ],
      report.scales.map((s) => [
        escapeHtml(s.title),
        alphaCell(s.pre),
        alphaCell(s.post),
        `${s.pre.prorated} / ${s.post.prorated}`,
        String(s.reliableChange.improved),
        String(s.reliableChange.unchanged),
        String(s.reliableChange.deteriorated),
        s.reliableChange.reason ? escapeHtml(s.reliableChange.reason) : fmt(s.reliableChange.minimumReliableChange),
      ]),
    ),
  );

  // Gap
  if (report.gap.length) {
    parts.push(
      `<h2 id="gap">12-step vs psychiatric groups: the gap</h2>`,
      table(
        'Per person: first scale minus second scale; positive = first rated more favourably. Change = post gap − pre gap',
        ['Comparison', 'n', 'Pre gap M (SD)', 'Post gap M (SD)', 'Change [95% CI]', 'Paired t', 'Wilcoxon', 'd<sub>z</sub> [95% CI]'],
        report.gap.map((g) => [
          `${escapeHtml(g.title)}<br><span class="note">${escapeHtml(g.minuend)} − ${escapeHtml(g.subtrahend)}</span>`,
          String(g.n),
          mSd(g.pre.mean, g.pre.sd),
          mSd(g.post.mean, g.post.sd),
          `${fmt(g.change.mean)} ${ci(g.change.ciLow, g.change.ciHigh)}`,
          tCell(g),
          wCell(g),
          dCell(g),
        ]),
      ),
    );
  }

  // Items
  parts.push(
    `<h2 id="items">Change per item</h2>
<p class="note">Raw answers (not reverse-keyed). “Agree” is the share of answers in the top two points of the item's response scale; for reverse-keyed items (marked R) agreeing is the less favourable view. Holm adjustment over all ${report.items.length} items.</p>`,
    table(
      'Items: matched pairs who answered the item both times',
      ['Item', 'n', 'Pre mean', 'Post mean', 'Agree pre', 'Agree post', 'Wilcoxon V', 'p', 'p (Holm)'],
      report.items.map((i) => [
        `<code>${escapeHtml(i.id)}</code>${i.reverse ? ' (R)' : ''}<br><span class="note">${escapeHtml(itemText.get(i.id) ?? i.text)}</span>`,
        String(i.n),
        fmt(i.pre.mean),
        fmt(i.post.mean),
        i.pre.agree === null ? DASH : `${fmt(i.pre.agree, 0)}%`,
        i.post.agree === null ? DASH : `${fmt(i.post.agree, 0)}%`,
        fmtV(i.wilcoxon.V),
        fmtP(i.wilcoxon.p),
        fmtP(i.wilcoxon.pHolm),
      ]),
    ),
  );

  // Subgroups
  parts.push(`<h2 id="subgroups">Change by subgroup</h2>
<p class="note">Mean change (post − pre) with 95% CI. Groups with fewer than ${m.options.minCellSize} people are shown as “&lt; 5” without statistics; a cell marked “suppressed” is hidden so that a small group cannot be worked out by subtraction. Tests compare change across groups with at least ${m.options.minCellSize} pairs; they are exploratory.</p>`);
  for (const q of report.subgroups) {
    parts.push(
      `<h3>${escapeHtml(q.text)}</h3>`,
      table(
        `Change by ${escapeHtml(q.id)}`,
        ['Group', 'n', ...report.scales.map((s) => escapeHtml(s.title))],
        q.groups.map((g) => [
          escapeHtml(g.label),
          fmtN(g.n),
          ...g.scales.map((c) => (typeof c.n === 'number' ? `${fmt(c.meanChange)} ${ci(c.ciLow, c.ciHigh)} <span class="note">(n ${c.n})</span>` : fmtN(c.n))),
        ]),
      ),
      table(
        `Does change differ by ${escapeHtml(q.id)}?`,
        ['Scale', 'Groups tested', 'Welch ANOVA', 'Kruskal–Wallis', 'Note'],
        q.tests.map((t) => [
          escapeHtml(scaleTitle.get(t.scale) ?? t.scale),
          escapeHtml(t.groups.join(', ') || '–'),
          t.welchAnova && t.welchAnova.F !== null
            ? `F(${fmt(t.welchAnova.df1, 0)}, ${fmt(t.welchAnova.df2, 1)}) = ${fmt(t.welchAnova.F)}, p ${fmtP(t.welchAnova.p)}`
            : DASH,
          t.kruskalWallis && t.kruskalWallis.H !== null ? `H(${fmt(t.kruskalWallis.df, 0)}) = ${fmt(t.kruskalWallis.H)}, p ${fmtP(t.kruskalWallis.p)}` : DASH,
          escapeHtml(t.note),
        ]),
      ),
    );
  }

  // Follow-up
  const withFollowUp = report.scales.filter((s) => s.followUp);
  if (withFollowUp.length) {
    parts.push(
      `<h2 id="followup">Change to the follow-up</h2>
<p class="note">Follow-up − pre on everyone with both scores. Practice items ask about the past 3 months: this is where practice can change. The Friedman test compares pre, post and follow-up on the people who have all three; pairwise Wilcoxon tests are Holm-adjusted.</p>`,
      table(
        'Follow-up − pre: change, tests and effect size',
        ['Scale', 'n', 'Change [95% CI]', 'Paired t', 'Wilcoxon', 'd<sub>z</sub> [95% CI]'],
        withFollowUp.map((s) => {
          const b = s.followUp!;
          return [escapeHtml(s.title), String(b.n), `${fmt(b.difference.mean)} ${ci(b.difference.ciLow, b.difference.ciHigh)}`, tCell(b), wCell(b), dCell(b)];
        }),
      ),
      table(
        'Pre, post and follow-up together (Friedman test) and pairwise Wilcoxon tests (Holm)',
        ['Scale', 'n', 'Friedman', 'Pre vs post', 'Pre vs follow-up', 'Post vs follow-up'],
        report.scales
          .filter((s) => s.friedman)
          .map((s) => {
            const fr = s.friedman!;
            const pair = (a: string, b: string) => {
              const c = fr.pairwise.find((x) => x.first === a && x.second === b);
              return c ? `p ${fmtP(c.p)}, Holm ${fmtP(c.pHolm)}` : DASH;
            };
            return [
              escapeHtml(s.title),
              String(fr.n),
              fr.statistic === null ? escapeHtml(fr.note ?? '–') : `χ²(${fr.df}) = ${fmt(fr.statistic)}, p ${fmtP(fr.p)}`,
              pair('pre', 'post'),
              pair('pre', 'followup'),
              pair('post', 'followup'),
            ];
          }),
      ),
    );
  }

  // Then-test
  const withThen = report.scales.filter((s) => s.thenTest);
  if (withThen.length) {
    parts.push(
      `<h2 id="then-test">Looking back: the then-test</h2>
<p class="note">With the questionnaire after the lessons, learners rated how they saw things before the module. Response shift = then − pre; then → post = post − then. Read beside pre → post, not instead of it.</p>`,
      table(
        'Response shift (then − pre) and change from the looking-back view (post − then)',
        ['Scale', 'n', 'Response shift [95% CI]', 't', 'n', 'Then → post [95% CI]', 't'],
        withThen.map((s) => {
          const r = s.thenTest!.responseShift;
          const q = s.thenTest!.thenToPost;
          return [
            escapeHtml(s.title),
            String(r.n),
            `${fmt(r.difference.mean)} ${ci(r.difference.ciLow, r.difference.ciHigh)}`,
            tCell(r),
            String(q.n),
            `${fmt(q.difference.mean)} ${ci(q.difference.ciLow, q.difference.ciHigh)}`,
            tCell(q),
          ];
        }),
      ),
    );
  }

  // Knowledge
  if (report.knowledge.length) {
    parts.push(
      `<h2 id="knowledge">Knowledge: questions answered correctly</h2>
<p class="note">Per person, the % of the module's scored questions answered correctly (an unanswered question counts as not correct). Per question, McNemar's test on the people who answered before and after (exact when fewer than 25 changed).</p>`,
      table(
        'Per module: % correct before and after',
        ['Module', 'n', 'Pre % M (SD)', 'Post % M (SD)', 'Change [95% CI]', 'Paired t', 'Wilcoxon', 'd<sub>z</sub> [95% CI]'],
        report.knowledge.map((k) => [
          escapeHtml(k.module),
          String(k.n),
          mSd(k.pre.mean, k.pre.sd),
          mSd(k.post.mean, k.post.sd),
          `${fmt(k.difference.mean)} ${ci(k.difference.ciLow, k.difference.ciHigh)}`,
          tCell(k),
          wCell(k),
          dCell(k),
        ]),
      ),
      table(
        'Per objective: % correct before and after',
        ['Module', 'Objective', 'n', 'Pre % M', 'Post % M', 'Paired t', 'Wilcoxon'],
        report.knowledge.flatMap((k) =>
          k.objectives.map((o) => [
            escapeHtml(k.module),
            `${o.objective}. ${escapeHtml(o.text)}`,
            String(o.n),
            fmt(o.pre.mean),
            fmt(o.post.mean),
            tCell(o),
            wCell(o),
          ]),
        ),
      ),
      table(
        'Per question: people correct before and after',
        ['Question', 'Objective', 'n', 'Correct pre', 'Correct post', 'McNemar'],
        report.knowledge.flatMap((k) =>
          k.items.map((i) => [
            `<code>${escapeHtml(i.id)}</code>`,
            String(i.objective),
            String(i.n),
            String(i.correctPre),
            String(i.correctPost),
            `p ${fmtP(i.mcnemar.p)} <span class="note">(${escapeHtml(i.mcnemar.method)})</span>`,
          ]),
        ),
      ),
    );
  }

  // Familiarity
  if (report.familiarity.length) {
    parts.push(
      `<h2 id="familiarity">"Not familiar enough to say"</h2>
<p class="note">These answers are left out of every score. Here they are an outcome: how many people said they did not know a kind of group well enough to have a view, before and after.</p>`,
      table(
        'Matched pairs using "not familiar" at least once, by kind of group',
        ['Kind of group', 'n', 'People pre', 'People post', 'Share of answers pre', 'Share of answers post', 'McNemar'],
        report.familiarity.map((f) => [
          escapeHtml(f.target),
          String(f.n),
          String(f.pre.people),
          String(f.post.people),
          f.pre.share === null ? DASH : `${fmt(100 * f.pre.share, 0)}%`,
          f.post.share === null ? DASH : `${fmt(100 * f.post.share, 0)}%`,
          `p ${fmtP(f.mcnemar.p)} <span class="note">(${escapeHtml(f.mcnemar.method)})</span>`,
        ]),
      ),
    );
  }

  // Attrition: the pre scores of two groups (completers and pre-only; with and without a follow-up)
  const attritionRow = (a: AttritionResult) => [
    escapeHtml(scaleTitle.get(a.scale) ?? a.scale),
    fmtN(a.completers.n),
    mSd(a.completers.mean, a.completers.sd),
    fmtN(a.preOnly.n),
    mSd(a.preOnly.mean, a.preOnly.sd),
    a.welch ? `${fmt(a.welch.difference)} ${ci(a.welch.ciLow, a.welch.ciHigh)}` : DASH,
    a.welch && a.welch.t !== null ? `t(${fmt(a.welch.df, 1)}) = ${fmt(a.welch.t)}, p ${fmtP(a.welch.p)}` : DASH,
    escapeHtml(a.note),
  ];
  parts.push(
    `<h2 id="attrition">Attrition: who did not return</h2>`,
    table(
      'Pre scores of completers (matched) and of people with no post record; Welch t-test, completers − pre-only',
      ['Scale', 'Completers n', 'Completers M (SD)', 'Pre-only n', 'Pre-only M (SD)', 'Difference [95% CI]', 'Welch t', 'Note'],
      report.attrition.map(attritionRow),
    ),
  );
  if (report.attritionFollowUp) {
    parts.push(
      table(
        'Pre scores of people with a follow-up and of people without one; Welch t-test, with − without',
        ['Scale', 'With follow-up n', 'M (SD)', 'Without n', 'M (SD)', 'Difference [95% CI]', 'Welch t', 'Note'],
        report.attritionFollowUp.map(attritionRow),
      ),
    );
  }

  // Other instruments
  if (m.otherInstruments.length) {
    parts.push(
      `<h2 id="other">Records kept apart</h2>`,
      table(
        'Records made with another questionnaire or version (not analysed here)',
        ['Questionnaire', 'Version', 'Records', 'Why'],
        m.otherInstruments.map((o) => [escapeHtml(o.id), escapeHtml(o.version), String(o.count), escapeHtml(o.reason)]),
      ),
    );
  }

  // Methods
  parts.push(
    `<h2 id="methods">Methods and rules</h2><dl>${Object.entries(m.rules)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
      .join('')}</dl>`,
    table(
      'The same statistics in R (validated against R 4.2.2)',
      ['Statistic', 'R'],
      m.rEquivalents.map((e) => [escapeHtml(e.statistic), `<code>${escapeHtml(e.r)}</code>`]),
    ),
  );

  // Problems
  const probs = report.problems;
  parts.push(`<h2 id="problems">Import problems (${probs.length})</h2>`);
  if (probs.length === 0) parts.push('<p>None.</p>');
  else {
    parts.push(
      `<p class="note">Error = not imported (file, record, row or single answer); warning = imported, worth a look.</p><ul class="problems">${probs
        .slice(0, MAX_PROBLEMS)
        .map(
          (p) =>
            `<li class="${p.severity === 'error' ? 'error' : 'warning'}"><strong>${p.severity}</strong> <code>${escapeHtml(p.file)}${p.line !== undefined ? ` line ${p.line}` : ''}${p.record !== undefined ? ` record ${p.record}` : ''}${escapeHtml(statementNote(p))}</code>: ${escapeHtml(p.message)}</li>`,
        )
        .join('\n')}</ul>`,
    );
    if (probs.length > MAX_PROBLEMS) parts.push(`<p>… and ${probs.length - MAX_PROBLEMS} more (see the JSON report or problems.csv).</p>`);
  }

  return parts.join('\n');
}

/** Self-contained printable HTML document of the report (inline CSS, no scripts, no external resources). */
export function renderReportHtml(report: Report, instrument: Instrument): string {
  const m = report.meta;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Evaluation report: ${escapeHtml(m.instrument.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Evaluation report: ${escapeHtml(m.instrument.title)}</h1>
${renderReportBody(report, instrument)}
</main>
</body>
</html>
`;
}

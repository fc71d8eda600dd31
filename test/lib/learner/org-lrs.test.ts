// Sending result records to an organisation's LRS: the learner's answer, what waits, the statements (read
// back by the evaluator's own xAPI import, checked by an xAPI validator), merging two tabs, the HTTP outcomes.
import * as xapiValidation from '@learninglocker/xapi-validation';
import { describe, expect, it } from 'vitest';
import { statementPages } from '../../../src/lib/import/lrs-paging.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { attemptRecords, type LearnerState } from '../../../src/lib/learner/learner-state.ts';
import { startNewAttempt } from '../../../src/lib/learner/attempts.ts';
import type { Clock } from '../../../src/lib/learner/progress.ts';
import {
  choiceFor,
  choose,
  emptyOrgState,
  markSent,
  mergeOrgStates,
  orgRecordStatement,
  readOrgState,
  sendStatement,
  statementIdFor,
  statementTemplate,
  statusKind,
  unitRecords,
  waiting,
  type OrgLrsState,
} from '../../../src/lib/learner/org-lrs.ts';
import { ORG_LRS_DEFAULT_ACTIVITY } from '../../../src/lib/learner/org-lrs-config.ts';
import { checksumMatches, signRecord } from '../../../src/lib/records/sign.ts';
import { SUBMITTED_VERB } from '../../../src/lib/records/xapi-vocabulary.ts';
import { MODULE, moduleDictionary, moduleState } from '../../fixtures/lms/course.ts';
import { newestInstrument } from '../../fixtures/moodle-import.ts';

type Validate = (data: unknown) => { path: string[]; name: string }[];
const mod = xapiValidation as unknown as { default: Validate | { default: Validate } };
const validate: Validate = typeof mod.default === 'function' ? mod.default : mod.default.default;

const ENDPOINT = 'https://lrs.example.org/xapi/';
const OTHER_ENDPOINT = 'https://lrs.other.example/xapi/';
const HOME = 'https://training.example.org/';
const template = statementTemplate(ORG_LRS_DEFAULT_ACTIVITY);
const learner: LearnerState = moduleState(moduleDictionary()).learner;
const records = attemptRecords(learner.units[MODULE]!.current);
const at = (iso: string) => new Date(iso);
/** What the evaluator's import keeps of these statements, given as one file: each record's signed checksum, and its statement's id. */
function readBack(statements: unknown[]): { signature: string | undefined; checksum: string; statement: string | undefined }[] {
  const { instrument, hash } = newestInstrument();
  const result = importFiles([{ name: 'statements.json', text: JSON.stringify(statements) }], instrument, hash);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return result.records.map((r) => ({ signature: r.signature, checksum: r.checksum, statement: r.statement }));
}

describe('statements for the organisation LRS', () => {
  it('carry each record whole, as the cmi5 packages do, so the evaluator reads back exactly the downloaded file', () => {
    expect(records.map((r) => r.timepoint)).toEqual(['pre', 'post']);
    const statements = records.map((r) => orgRecordStatement(r, template, HOME));
    for (const s of statements) expect(validate(s), JSON.stringify(s).slice(0, 200)).toEqual([]);
    expect(statements[0]!.verb).toEqual(SUBMITTED_VERB);
    // JSON as it travels: the evaluator's import takes the records out unchanged, checksums intact.
    expect(records.every((r) => checksumMatches(r))).toBe(true);
    expect(readBack(JSON.parse(JSON.stringify(statements)))).toEqual(
      records.map((r) => ({ signature: r.checksum, checksum: 'valid', statement: statementIdFor(r) })),
    );
  });

  it("are found by the evaluator's LRS pull (`analyze --lrs URL --activity <site activity>`), as an LRS filters them", async () => {
    const stored = records.map((r) => JSON.parse(JSON.stringify(orgRecordStatement(r, template, HOME))) as Record<string, any>);
    // An LRS's statement query: the verb, and the activity as object or (related_activities) any context activity.
    const lrsFetch = (async (url: URL) => {
      const q = url.searchParams;
      const related = (s: Record<string, any>) => [
        s.object.id,
        ...Object.values(s.context?.contextActivities ?? {})
          .flat()
          .map((a: any) => a.id),
      ];
      const found = stored.filter(
        (s) => s.verb.id === q.get('verb') && (q.get('related_activities') === 'true' ? related(s) : [s.object.id]).includes(q.get('activity')),
      );
      return new Response(JSON.stringify({ statements: found, more: '' }), { status: 200 });
    }) as unknown as typeof fetch;
    const pulled: unknown[] = [];
    for await (const page of statementPages({ endpoint: ENDPOINT, activity: ORG_LRS_DEFAULT_ACTIVITY, key: 'reader', secret: 'secret', fetch: lrsFetch }))
      pulled.push(...page);
    expect(readBack(pulled).map((r) => r.signature)).toEqual(records.map((r) => r.checksum));
  });

  it('name the learner by participant code only, and name the site activity the evaluator asks the LRS for', () => {
    const s = orgRecordStatement(records[0]!, template, HOME) as {
      actor: unknown;
      context: { contextActivities: { parent: { id: string }[] } };
      object: { id: string };
    };
    expect(s.actor).toEqual({ objectType: 'Agent', account: { homePage: HOME, name: 'MA-07-SA-2' } });
    // The answers that made the code (a parent's name, a town) never leave the browser.
    const text = JSON.stringify(s);
    for (const secret of ['María', 'são paulo']) expect(text).not.toContain(secret);
    expect(s.context.contextActivities.parent).toEqual([{ id: ORG_LRS_DEFAULT_ACTIVITY }]);
    expect(s.object.id.startsWith(`${ORG_LRS_DEFAULT_ACTIVITY}/test/`)).toBe(true);
  });

  it('have an id made from the record checksum: the same record always the same UUID, another record another', () => {
    const ids = records.map(statementIdFor);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(2);
    expect(statementIdFor({ ...records[0]! })).toBe(ids[0]);
    expect(JSON.stringify(orgRecordStatement(records[0]!, template, HOME))).toBe(
      JSON.stringify(orgRecordStatement(structuredClone(records[0]!), template, HOME)),
    );
    // Another record (one answer changed, signed again) gets another id.
    const { checksum: _old, ...unsigned } = records[0]!;
    const changed = signRecord({ ...unsigned, responses: { ...unsigned.responses, [Object.keys(unsigned.responses)[0]!]: 9 } });
    expect(statementIdFor(changed)).not.toBe(ids[0]);
    expect(() => statementIdFor({ ...records[0]!, checksum: 'not a checksum' })).toThrow(/no checksum/);
  });
});

describe("the learner's answer and what waits", () => {
  it('nothing waits before a yes, nor after "not now"; a yes makes every record of the attempt wait', () => {
    let s = emptyOrgState();
    expect(choiceFor(s, learner, MODULE, ENDPOINT)).toBeNull();
    expect(waiting(s, learner, ENDPOINT)).toEqual([]);
    s = choose(s, learner, MODULE, false, ENDPOINT, at('2026-12-01T10:00:00Z'));
    expect(choiceFor(s, learner, MODULE, ENDPOINT)).toBe(false);
    expect(waiting(s, learner, ENDPOINT)).toEqual([]);
    s = choose(s, learner, MODULE, true, ENDPOINT, at('2026-12-01T10:05:00Z'));
    expect(waiting(s, learner, ENDPOINT).map((w) => w.record)).toEqual(records);
  });

  it('what the LRS accepted stops waiting; "stop sending" keeps the rest here; a record submitted later waits after a yes', () => {
    let s = choose(emptyOrgState(), learner, MODULE, true, ENDPOINT, at('2026-12-01T10:00:00Z'));
    const [first, second] = waiting(s, learner, ENDPOINT);
    s = markSent(s, first!.id, ENDPOINT);
    expect(waiting(s, learner, ENDPOINT).map((w) => w.id)).toEqual([second!.id]);
    expect(unitRecords(s, learner, MODULE, ENDPOINT).map((r) => r.sent)).toEqual([true, false]);
    const stopped = choose(s, learner, MODULE, false, ENDPOINT, at('2026-12-01T10:01:00Z'));
    expect(waiting(stopped, learner, ENDPOINT)).toEqual([]);
    // The follow-up: one more record in the same attempt, after everything else was sent.
    s = markSent(s, second!.id, ENDPOINT);
    const { checksum: _c, ...unsigned } = records[1]!;
    const followup = signRecord({ ...unsigned, timepoint: 'followup', completedAt: '2027-03-01T09:00:00.000Z' });
    const later = structuredClone(learner);
    later.units[MODULE]!.current.steps.followup = { ...later.units[MODULE]!.current.steps.post!, record: followup };
    expect(waiting(s, later, ENDPOINT).map((w) => w.record)).toEqual([followup]);
  });

  it('a site rebuilt for another LRS asks again, and what the first LRS accepted does not count for the second', () => {
    let s = choose(emptyOrgState(), learner, MODULE, true, ENDPOINT, at('2026-12-01T10:00:00Z'));
    for (const w of waiting(s, learner, ENDPOINT)) s = markSent(s, w.id, ENDPOINT);
    expect(choiceFor(s, learner, MODULE, OTHER_ENDPOINT)).toBeNull();
    expect(waiting(s, learner, OTHER_ENDPOINT)).toEqual([]);
    s = choose(s, learner, MODULE, true, OTHER_ENDPOINT, at('2026-12-02T10:00:00Z'));
    expect(waiting(s, learner, OTHER_ENDPOINT)).toHaveLength(2);
  });

  it('a yes is for one attempt and one participant code: starting again, or another code in this browser, asks again', () => {
    const s = choose(emptyOrgState(), learner, MODULE, true, ENDPOINT, at('2026-12-01T10:00:00Z'));
    expect(waiting(s, learner, ENDPOINT)).toHaveLength(2);
    // Start again: a new attempt (the records of the first are archived, and were sent or not by the yes).
    const clock: Clock = { now: () => new Date('2026-12-02T10:00:00Z'), id: () => 'attempt-2' };
    const restarted = startNewAttempt(learner, [MODULE], clock, {});
    expect(choiceFor(s, restarted, MODULE, ENDPOINT)).toBeNull();
    // Someone else makes a code in this browser: nothing of the attempt goes on the first person's yes.
    const other: LearnerState = { ...learner, participant: { code: 'LU-12-RO-0', answers: {} } };
    expect(choiceFor(s, other, MODULE, ENDPOINT)).toBeNull();
    expect(waiting(s, other, ENDPOINT)).toEqual([]);
    // The page counts what a yes is for: none of the first person's records (so never "0 of 2 sent").
    expect(unitRecords(s, other, MODULE, ENDPOINT)).toEqual([]);
    // Their own yes sends only what was made under their code (here: nothing yet).
    expect(waiting(choose(s, other, MODULE, true, ENDPOINT, at('2026-12-02T11:00:00Z')), other, ENDPOINT)).toEqual([]);
  });

  it('two tabs: the later answer wins, and what either tab saw accepted stays accepted', () => {
    const base = choose(emptyOrgState(), learner, MODULE, true, ENDPOINT, at('2026-12-01T10:00:00Z'));
    const [a, b] = waiting(base, learner, ENDPOINT);
    const tab1 = markSent(base, a!.id, ENDPOINT);
    const tab2 = markSent(choose(base, learner, MODULE, false, ENDPOINT, at('2026-12-01T10:02:00Z')), b!.id, ENDPOINT);
    for (const merged of [mergeOrgStates(tab1, tab2), mergeOrgStates(tab2, tab1)]) {
      expect(choiceFor(merged, learner, MODULE, ENDPOINT)).toBe(false);
      expect(unitRecords(merged, learner, MODULE, ENDPOINT).every((r) => r.sent)).toBe(true);
    }
  });

  it('reads what it stored, and damaged or foreign text as nothing chosen (with a reason, so the store keeps a copy)', () => {
    const s: OrgLrsState = markSent(choose(emptyOrgState(), learner, MODULE, true, ENDPOINT, at('2026-12-01T10:00:00Z')), 'x', ENDPOINT);
    expect(readOrgState(JSON.stringify(s))).toEqual({ state: s, problem: null });
    expect(readOrgState(null)).toEqual({ state: emptyOrgState(), problem: null });
    for (const raw of ['{"version":1,', '[]', '{"version":2,"choices":{},"sent":{}}', '{"version":1,"choices":[],"sent":{}}', '<script>alert(1)</script>']) {
      const read = readOrgState(raw);
      expect(read.state, raw).toEqual(emptyOrgState());
      expect(read.problem, raw).toMatch(/damaged/);
    }
    // Entries of the wrong kind are read defensively: no answer, nothing counted as sent. An answer stored
    // without the attempt and code it was given for (as before they were kept) asks again.
    const odd = readOrgState(
      '{"version":1,"choices":{"mutual-support-basics":{"send":"yes","endpoint":"https://lrs.example.org/xapi/"},"x":null},"sent":{"a":1}}',
    );
    expect(choiceFor(odd.state, learner, MODULE, ENDPOINT)).toBeNull();
    expect(choiceFor(odd.state, learner, 'x', ENDPOINT)).toBeNull();
    expect(waiting(odd.state, learner, ENDPOINT)).toEqual([]);
  });
});

describe('sending one statement', () => {
  const statement = orgRecordStatement(records[0]!, template, HOME);
  const fakeFetch = (answer: () => Response | Promise<Response>) => {
    const calls: { url: string; init: RequestInit }[] = [];
    const doFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer();
    }) as unknown as typeof fetch;
    return { calls, doFetch };
  };

  it('PUTs it under its own id with the write-only key and the xAPI version header', async () => {
    const { calls, doFetch } = fakeFetch(() => new Response(null, { status: 204 }));
    expect(await sendStatement(ENDPOINT, 'Basic a2V5OnNlY3JldA==', statement, doFetch, true)).toBeNull();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${ENDPOINT}statements?statementId=${statementIdFor(records[0]!)}`);
    expect(calls[0]!.init.method).toBe('PUT');
    expect(calls[0]!.init.headers).toMatchObject({
      Authorization: 'Basic a2V5OnNlY3JldA==',
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(JSON.parse(JSON.stringify(statement)));
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('counts 409 (the LRS already holds this id: sent before, by this or another tab) as sent', async () => {
    expect(await sendStatement(ENDPOINT, 'Basic x', statement, fakeFetch(() => new Response('exists', { status: 409 })).doFetch, true)).toBeNull();
  });

  it('says what the LRS answered when it refuses, cut short; an unreachable LRS and an offline browser apart', async () => {
    const long = `<html>${'Invalid statement '.repeat(30)}</html>`;
    expect(await sendStatement(ENDPOINT, 'Basic x', statement, fakeFetch(() => new Response(long, { status: 500 })).doFetch, true)).toEqual({
      kind: 'refused',
      detail: `HTTP 500: ${long.slice(0, 200)}`,
    });
    expect(await sendStatement(ENDPOINT, 'Basic x', statement, fakeFetch(() => new Response('', { status: 401 })).doFetch, true)).toEqual({
      kind: 'refused',
      detail: 'HTTP 401',
    });
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))).doFetch;
    expect(await sendStatement(ENDPOINT, 'Basic x', statement, down, true)).toEqual({ kind: 'unreachable', detail: '' });
    expect(await sendStatement(ENDPOINT, 'Basic x', statement, down, false)).toEqual({ kind: 'offline', detail: '' });
  });
});

describe('the status shown', () => {
  it('names the state in which the learner is', () => {
    expect(statusKind(null, 0, 2, null)).toBeNull();
    expect(statusKind(false, 0, 2, null)).toBe('none');
    expect(statusKind(false, 0, 2, { kind: 'refused', detail: 'HTTP 500' })).toBe('none');
    expect(statusKind(false, 1, 2, null)).toBe('sent');
    expect(statusKind(true, 0, 2, null)).toBe('sending');
    expect(statusKind(true, 1, 2, { kind: 'refused', detail: 'HTTP 500' })).toBe('refused');
    expect(statusKind(true, 0, 2, { kind: 'offline', detail: '' })).toBe('offline');
    expect(statusKind(true, 2, 2, null)).toBe('sent');
  });
});

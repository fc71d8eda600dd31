// Sending a learner's result records to their organisation's LRS, only with their yes (docs/organisation-lrs.md).
// The browser keeps, under its own storage key, the learner's answer per unit and which statements the
// LRS accepted. What waits to be sent follows from those and the learner's state (which never loses a
// record): every record of the unit's current attempt, as in the result file, not yet accepted. Each goes
// as one xAPI "submitted" statement carrying the whole signed record, as the cmi5 packages send it, so
// `npm run analyze -- --lrs` reads both alike. The statement id comes from the record's checksum: two
// tabs, a retry or a reload that send a record again send the same statement, which an LRS stores once.
// Pure (the page gives it fetch and the time).
import { attemptRecords, type LearnerState } from './learner-state.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { RECORD_EXTENSION, SUBMITTED_VERB } from '../records/xapi-vocabulary.ts';

export interface OrgLrsState {
  version: 1;
  /**
   * Unit id → the learner's answer, and for what: the endpoint (a site rebuilt for another LRS asks
   * again), the attempt and the participant code (starting again, or someone else making a code in this
   * browser, asks again: a yes is one person's, for one attempt).
   */
  choices: Record<string, { send: boolean; at: string; endpoint: string; attempt?: string; participant?: string | null }>;
  /** Statement id → the endpoint that accepted it. */
  sent: Record<string, string>;
}

export const emptyOrgState = (): OrgLrsState => ({ version: 1, choices: {}, sent: {} });

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stored text → state; damaged text gives the empty state and a reason (the store keeps a copy). */
export function readOrgState(raw: string | null): { state: OrgLrsState; problem: string | null } {
  let data: unknown = null;
  try {
    data = raw ? JSON.parse(raw) : emptyOrgState();
  } catch {
    /* reported below */
  }
  // Only this page writes it: the shape is checked, the entries are read defensively (choiceFor, unitRecords).
  return isObj(data) && data.version === 1 && isObj(data.choices) && isObj(data.sent)
    ? { state: data as unknown as OrgLrsState, problem: null }
    : { state: emptyOrgState(), problem: 'the saved answer about sending results is damaged' };
}

/** Two copies (two tabs, storage and this tab's memory): the later answer per unit wins; accepted ones add up. */
export function mergeOrgStates(a: OrgLrsState, b: OrgLrsState): OrgLrsState {
  const choices = { ...a.choices };
  for (const [unit, c] of Object.entries(b.choices)) if (!choices[unit] || c.at > choices[unit].at) choices[unit] = c;
  return { version: 1, choices, sent: { ...a.sent, ...b.sent } };
}

/** Who answers now: the unit's current attempt and the participant code this browser holds. */
const askedOf = (learner: LearnerState, unitId: string) => ({ attempt: learner.units[unitId]?.current.id, participant: learner.participant?.code ?? null });

/**
 * The learner's answer for a unit and this endpoint: yes, no (also "stop sending"), or null when not asked
 * yet for this attempt and participant code (an answer given before either changed counts for nothing).
 */
export function choiceFor(s: OrgLrsState, learner: LearnerState, unitId: string, endpoint: string): boolean | null {
  const c = s.choices[unitId];
  const now = askedOf(learner, unitId);
  return c?.endpoint === endpoint && c.attempt === now.attempt && c.participant === now.participant ? c.send === true : null;
}

export const choose = (s: OrgLrsState, learner: LearnerState, unitId: string, send: boolean, endpoint: string, now: Date): OrgLrsState => ({
  ...s,
  choices: { ...s.choices, [unitId]: { send, at: now.toISOString(), endpoint, ...askedOf(learner, unitId) } },
});

export const markSent = (s: OrgLrsState, id: string, endpoint: string): OrgLrsState => ({ ...s, sent: { ...s.sent, [id]: endpoint } });

/**
 * The statement id for a record: its SHA-256 checksum's first 128 bits in the layout of a name-based UUID
 * (version 5, RFC 4122 variant), the layout every LRS accepts.
 */
export function statementIdFor(record: ResultRecord): string {
  const hex = record.checksum.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('the record has no checksum to name its statement by');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The records of a unit's current attempt made under the participant code this browser holds (what a yes
 * now is for), each with whether the LRS has it.
 */
export function unitRecords(s: OrgLrsState, learner: LearnerState, unitId: string, endpoint: string): { record: ResultRecord; id: string; sent: boolean }[] {
  const attempt = learner.units[unitId]?.current;
  const mine = (attempt ? attemptRecords(attempt) : []).filter((record) => record.participant === learner.participant?.code);
  return mine.map((record) => {
    const id = statementIdFor(record);
    return { record, id, sent: s.sent[id] === endpoint };
  });
}

/** Everything waiting for `endpoint`: the unsent records (unitRecords) of every unit the learner said yes for. */
export const waiting = (s: OrgLrsState, learner: LearnerState, endpoint: string) =>
  Object.keys(learner.units)
    .filter((unitId) => choiceFor(s, learner, unitId, endpoint))
    .flatMap((unitId) => unitRecords(s, learner, unitId, endpoint).filter((r) => !r.sent));

/** The parts of every statement that come from the site's settings, worked out when the site is built. */
export interface StatementTemplate {
  activity: string;
  verb: typeof SUBMITTED_VERB;
  type: string;
  extension: string;
}

export const statementTemplate = (activity: string): StatementTemplate => ({
  activity,
  verb: SUBMITTED_VERB,
  type: 'http://adlnet.gov/expapi/activities/assessment',
  extension: RECORD_EXTENSION,
});

/**
 * A submitted record as one statement, shaped as the cmi5 packages' (same verb and extension): the actor
 * is the participant code as an account on this site (never a name), the object the questionnaire, the
 * parent the site's activity (what `--activity` names). All from the record: the same record always
 * makes the same statement.
 */
export function orgRecordStatement(record: ResultRecord, t: StatementTemplate, homePage: string): Obj {
  const test = `${record.instrument.id}-${record.instrument.version}-${record.timepoint}`;
  return {
    id: statementIdFor(record),
    actor: { objectType: 'Agent', account: { homePage, name: record.participant } },
    verb: t.verb,
    object: { objectType: 'Activity', id: `${t.activity}/test/${encodeURIComponent(test)}`, definition: { type: t.type, name: { 'en-US': test } } },
    result: { completion: true, extensions: { [t.extension]: record } },
    context: { contextActivities: { parent: [{ id: t.activity }] } },
    timestamp: record.completedAt,
  };
}

/**
 * Why a statement was not stored (null when it was): the page words each kind (OrgLrsConsent.astro).
 * `detail`: the LRS's HTTP status and the start of what it said (401 or 403: it refused the site's key).
 */
export type SendProblem = { kind: 'offline' | 'unreachable' | 'refused'; detail: string } | null;

/**
 * Stores one statement with PUT (xAPI stores a statement id once; 409 means the LRS already holds this
 * id, which only this record's statement has, so it counts as stored).
 */
export async function sendStatement(endpoint: string, authorization: string, statement: Obj, doFetch: typeof fetch, online: boolean): Promise<SendProblem> {
  try {
    const response = await doFetch(`${endpoint}statements?statementId=${statement.id}`, {
      method: 'PUT',
      headers: { Authorization: authorization, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
      body: JSON.stringify(statement),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.ok || response.status === 409) return null;
    const said = (await response.text().catch(() => '')).slice(0, 200);
    return { kind: 'refused', detail: `HTTP ${response.status}${said ? `: ${said}` : ''}` };
  } catch {
    return { kind: online ? 'unreachable' : 'offline', detail: '' };
  }
}

/**
 * Which of the page's status texts applies to a unit: nothing chosen yet (null), sent (everything after a
 * yes, or what went before a "stop"), nothing sent (a no before anything went), or still sending (with
 * the kind of problem it waits for).
 */
export function statusKind(choice: boolean | null, sent: number, total: number, problem: SendProblem): string | null {
  if (choice === null) return null;
  if (!choice || sent === total) return sent ? 'sent' : 'none';
  return problem?.kind ?? 'sending';
}

// The SCORM adapters against scorm-again (a validating LMS-side runtime), and the statements the cmi5
// runtime builds itself against Learning Locker's xAPI validator.
import { describe, expect, it } from 'vitest';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import * as xapiValidation from '@learninglocker/xapi-validation';
import { scorm12Adapter, type Scorm12Api } from '../../../src/lib/scorm-cmi5/scorm12.ts';
import { scorm2004Adapter, type Scorm2004Api } from '../../../src/lib/scorm-cmi5/scorm2004.ts';
import { diffReport, scormInteractions } from '../../../src/lib/scorm-cmi5/events.ts';
import { emptyLog, encodeSuspendData } from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { takeSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { isoDuration, scorm12Duration, scorm2004Time } from '../../../src/lib/scorm-cmi5/adapter.ts';
import { likertStatement, recordStatement, terminatedStatement, CMI5_CATEGORY, RECORD_EXTENSION } from '../../../src/lib/scorm-cmi5/cmi5-statements.ts';
import { checksumMatches } from '../../../src/lib/records/sign.ts';
import { MODULE, moduleDictionary, moduleState } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();
const snapshot = (() => {
  const s = moduleState(dict);
  return takeSnapshot(s.learner, s.activity, MODULE);
})();
const report = diffReport(null, snapshot, emptyLog(), dict);
/** What the adapters write: each record whole (events.ts), its likert answers among them. */
const written = scormInteractions(report.interactions, report.submitted);
const KNOWLEDGE = dict.module.knowledge.length;
const suspend = encodeSuspendData({ snapshot, log: emptyLog() }).text;
const ITEMS = dict.module.itemIds.length;
// The fixture answers all knowledge questions but the first correctly after the lessons.
const score = (dict.module.knowledge.length - 1) / dict.module.knowledge.length;
type Validate = (data: unknown) => { path: string[]; name: string }[];
const mod = xapiValidation as unknown as { default: Validate | { default: Validate } };
const validate: Validate = typeof mod.default === 'function' ? mod.default : mod.default.default;
const json = (api: unknown) => JSON.parse(JSON.stringify((api as { cmi: unknown }).cmi));

describe('SCORM 1.2 adapter (scorm-again as the LMS)', () => {
  it('stores suspend data, reports each record whole as interactions (answers as likert), completes, suspends and finishes', async () => {
    const api = new Scorm12API({ logLevel: 5 });
    api.loadFromJSON({ core: { student_id: 'lms-42' } });
    let t = 1_000;
    const adapter = scorm12Adapter(api as unknown as Scorm12Api, () => (t += 61_250));
    const session = await adapter.initialize();
    expect(session).toMatchObject({ suspendData: null, learnerId: 'lms-42', launchData: { mode: 'normal', masteryScore: null, alreadyCompleted: false } });
    await adapter.reportInteractions(report.interactions, report.submitted);
    await adapter.reportProgress(report.progress!);
    await adapter.complete(report.completion!);
    await adapter.commitState(suspend);
    await adapter.terminate(suspend);
    const cmi = json(api);
    expect(cmi.core.lesson_status).toBe('completed');
    expect(cmi.core.exit).toBe('suspend');
    expect(cmi.core.lesson_location).toBe('results/');
    expect(cmi.core.score.raw).toBe('');
    expect(cmi.suspend_data).toBe(suspend);
    expect(cmi.suspend_data.length).toBeLessThan(4096);
    const interactions = Object.values(cmi.interactions) as { id: string; type: string; student_response: string; result: string; time: string }[];
    expect(interactions.map((i) => [i.id, i.type, i.student_response])).toEqual(written.map((w) => [w.id, w.type, w.response]));
    expect(interactions.filter((i) => i.type === 'likert')).toHaveLength(2 * ITEMS);
    expect(interactions.filter((i) => i.id.startsWith('K-'))).toHaveLength(2 * KNOWLEDGE);
    expect(interactions[0]).toMatchObject({
      id: `R_pre_msg-attitudes_v${dict.instrument.version.replace(/\./g, '-')}`,
      type: 'fill-in',
      student_response: expect.stringMatching(/^MA-07-SA-2 mutual-support-basics \S+Z \S+Z \S+$/),
    });
    expect(interactions.find((i) => i.type === 'likert')).toMatchObject({
      id: `${dict.module.itemIds[0]}_pre_msg-attitudes_v${dict.instrument.version.replace(/\./g, '-')}`,
      student_response: '1',
      result: 'neutral',
    });
    // SCORM 1.2: CMIIdentifier (printable ASCII, no spaces, 255 at most), CMIString255, CMITime.
    expect(interactions.every((i) => /^[A-Za-z0-9_-]{1,255}$/.test(i.id) && i.student_response.length <= 255 && /^\d\d:\d\d:\d\d$/.test(i.time))).toBe(true);
  });

  it('passes or fails only against a mastery score from the package', async () => {
    for (const [mastery, status] of [
      ['80', 'passed'],
      ['90', 'failed'],
    ] as const) {
      const api = new Scorm12API({ logLevel: 5 });
      api.loadFromJSON({ student_data: { mastery_score: mastery } });
      const adapter = scorm12Adapter(api as unknown as Scorm12Api);
      const session = await adapter.initialize();
      // The report is made against the package's mastery score, as session-sync makes it.
      const { completion } = diffReport(null, snapshot, emptyLog(), dict, session.launchData.masteryScore);
      await adapter.complete(completion!);
      expect(json(api).core).toMatchObject({ lesson_status: status, score: { raw: String(Math.round(score * 100)), min: '0', max: '100' } });
    }
  });

  it('resumes: returns the stored suspend data and knows a finished module', async () => {
    const api = new Scorm12API({ logLevel: 5 });
    api.loadFromJSON({ suspend_data: suspend, core: { entry: 'resume', lesson_status: 'completed' } });
    const session = await scorm12Adapter(api as unknown as Scorm12Api).initialize();
    expect(session.suspendData).toBe(suspend);
    expect(session.launchData.alreadyCompleted).toBe(true);
  });
});

describe('SCORM 2004 adapter (scorm-again as the LMS)', () => {
  it('reports each record whole as interactions with description and timestamp, completion with success unknown', async () => {
    const api = new Scorm2004API({ logLevel: 5 });
    const adapter = scorm2004Adapter(api as unknown as Scorm2004Api);
    const session = await adapter.initialize();
    expect(session.launchData.masteryScore).toBeNull();
    expect(json(api).completion_status).toBe('incomplete');
    await adapter.reportInteractions(report.interactions, report.submitted);
    await adapter.reportProgress({ ...report.progress!, measure: 0.5 });
    expect(json(api).progress_measure).toBe('0.5');
    await adapter.complete(report.completion!);
    await adapter.commitState(suspend);
    await adapter.terminate();
    const cmi = json(api);
    expect(cmi).toMatchObject({
      completion_status: 'completed',
      success_status: 'unknown',
      exit: 'suspend',
      progress_measure: '1',
      location: 'results/',
      suspend_data: suspend,
    });
    expect(cmi.session_time).toMatch(/^PT/);
    const interactions = Object.values(cmi.interactions) as Record<string, string>[];
    expect(interactions.map((i) => [i.id, i.type, i.learner_response, i.description])).toEqual(written.map((w) => [w.id, w.type, w.response, w.description]));
    const likert = interactions.filter((i) => i.type === 'likert');
    expect(likert).toHaveLength(2 * ITEMS);
    expect(likert[40]).toMatchObject({ result: 'neutral', learner_response: expect.stringMatching(/^[1-5]$/) });
    expect(likert[40]!.id).toMatch(new RegExp(`_post_msg-attitudes_v${dict.instrument.version.replace(/\./g, '-')}$`));
    expect(likert[0]!.description).toMatch(/^msg-attitudes 1\.1\.0 \([0-9a-f]{8}\), before the lessons: /);
    expect(interactions[0]).toMatchObject({ type: 'fill-in', description: `result record: msg-attitudes ${dict.instrument.version}, before the lessons` });
    expect(
      interactions.every((i) => i.timestamp === scorm2004Time(report.interactions[0]!.at) || i.timestamp === scorm2004Time(report.interactions.at(-1)!.at)),
    ).toBe(true);
  });

  it('sets success from the scaled passing score only', async () => {
    const api = new Scorm2004API({ logLevel: 5 });
    api.loadFromJSON({ scaled_passing_score: '0.75' });
    const adapter = scorm2004Adapter(api as unknown as Scorm2004Api);
    const session = await adapter.initialize();
    expect(session.launchData.masteryScore).toBe(0.75);
    const { completion } = diffReport(null, snapshot, emptyLog(), dict, session.launchData.masteryScore);
    await adapter.complete(completion!);
    expect(json(api)).toMatchObject({ success_status: 'passed', completion_status: 'completed', score: { scaled: String(score) } });
  });
});

describe('time formats', () => {
  it('writes SCORM and ISO durations and times', () => {
    expect(scorm12Duration(3_723_456)).toBe('0001:02:03.46');
    expect(isoDuration(3_723_456)).toBe('PT1H2M3.46S');
    expect(isoDuration(500)).toBe('PT0.5S');
    expect(scorm2004Time('2026-11-26T10:08:00.123Z')).toBe('2026-11-26T10:08:00.1Z');
  });
});

describe('cmi5 statements built by the runtime', () => {
  const ctx = {
    actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'learner-1' } },
    activityId: 'https://lms.example/au/mutual-support-basics',
    registration: '6f1d4c9a-2b7e-4f3a-9c1d-8e5b2a7f0c34',
    contextTemplate: {
      contextActivities: { grouping: [{ id: 'https://publisher.example/au/1' }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'session-1' },
    },
  };
  it('are valid xAPI: answered (likert, with its scale) and terminated (cmi5 category)', () => {
    const answered = likertStatement(ctx, report.interactions[0]!, 'd4a3b2c1-0000-4000-8000-000000000001');
    expect(validate(answered)).toEqual([]);
    expect(answered).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
      result: { response: '1' },
      context: { registration: ctx.registration, contextActivities: { grouping: ctx.contextTemplate.contextActivities.grouping } },
      object: { definition: { interactionType: 'likert', scale: expect.arrayContaining([{ id: '5', description: { 'en-US': 'Strongly agree' } }]) } },
    });
    expect(JSON.stringify(answered)).not.toContain(CMI5_CATEGORY);
    const terminated = terminatedStatement(ctx, 125_000, new Date('2026-11-26T11:00:00Z'), 'd4a3b2c1-0000-4000-8000-000000000002');
    expect(validate(terminated)).toEqual([]);
    expect(terminated).toMatchObject({ result: { duration: 'PT2M5S' }, context: { contextActivities: { category: [{ id: CMI5_CATEGORY }] } } });
    for (const i of report.interactions) expect(validate(likertStatement(ctx, i, crypto.randomUUID()))).toEqual([]);
  });

  it('carry each submitted record whole, checksum and all, in a valid "submitted" statement', () => {
    expect(report.submitted.map((r) => r.timepoint)).toEqual(['pre', 'post']);
    for (const record of report.submitted) {
      const statement = recordStatement(ctx, record, crypto.randomUUID());
      expect(validate(statement)).toEqual([]);
      expect(statement).toMatchObject({ verb: { id: 'http://activitystrea.ms/schema/1.0/submit' }, timestamp: record.completedAt });
      const carried = JSON.parse(JSON.stringify(statement)).result.extensions[RECORD_EXTENSION];
      expect(carried).toEqual(record);
      expect(checksumMatches(carried)).toBe(true);
      expect(JSON.stringify(statement)).not.toContain(CMI5_CATEGORY);
    }
  });
});

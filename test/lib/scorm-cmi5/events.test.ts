import { describe, expect, it } from 'vitest';
import {
  decodeField,
  diffReport,
  encodeField,
  interactionDescription,
  interactionId,
  knowledgeScore,
  logAfter,
  moduleProgress,
  parseInteractionId,
  scormInteractions,
} from '../../../src/lib/scorm-cmi5/events.ts';
import { signRecord } from '../../../src/lib/records/sign.ts';
import { emptyLog, recordKey } from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { takeSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { emptyState } from '../../../src/lib/learner/learner-state.ts';
import { emptyActivity } from '../../../src/lib/learner/activity.ts';
import { knowledgeChecksIn } from '../../../src/lib/scorm-cmi5/course-config.ts';
import { MODULE, moduleDictionary, moduleState, preValue, postValue, twoAttempts } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();
const snap = (s: ReturnType<typeof moduleState>) => takeSnapshot(s.learner, s.activity, MODULE);
const ALL = { interactions: true, progress: true, completion: true };
const ITEMS = dict.module.itemIds.length;
const VERSION = dict.instrument.version;
const FIRST = dict.module.itemIds[0]!;
const knowledgeAfter = (dict.module.knowledge.length - 1) / dict.module.knowledge.length;

describe('event diff', () => {
  it('reports nothing but progress for a learner who has not started', () => {
    const r = diffReport(null, takeSnapshot(emptyState(), emptyActivity(), MODULE), emptyLog(), dict);
    expect(r).toEqual({ interactions: [], submitted: [], records: [], progress: null, completion: null });
  });

  it('reports each pre answer once, as a likert interaction carrying item, time point and instrument version', () => {
    const s = snap(moduleState(dict, { skipPre: [2], lessonsDone: 1, post: false }));
    const r = diffReport(null, s, emptyLog(), dict);
    expect(r.interactions).toHaveLength(ITEMS - 1);
    expect(r.records).toEqual([recordKey(s.progress!.current.steps.pre!.record!)]);
    expect(r.completion).toBeNull();
    const first = r.interactions[0]!;
    expect(first).toMatchObject({
      id: `${FIRST}_pre_msg-attitudes_v${VERSION.replace(/\./g, '-')}`,
      itemId: FIRST,
      timepoint: 'pre',
      response: preValue(0),
      attempt: 1,
    });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    expect(first.scale.map((p) => p.value).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(interactionDescription(first)).toMatch(new RegExp(`^msg-attitudes ${VERSION.replace(/\./g, '\\.')} \\([0-9a-f]{8}\\), before the lessons: .+`));
    expect(r.interactions.map((i) => i.itemId)).not.toContain(dict.module.itemIds[2]);
    expect(r.progress).toMatchObject({ percent: Math.round((3 / (dict.module.lessons.length + 3)) * 100), location: `lessons/${dict.module.lessons[0]}/` });

    const log = logAfter(emptyLog(), r, ALL);
    const again = diffReport(s, s, log, dict);
    expect(again.interactions).toEqual([]);
    expect(again.progress).toBeNull();
  });

  it('reports the post answers and completion once, then nothing', () => {
    const before = snap(moduleState(dict, { lessonsDone: 5, post: false }));
    let log = logAfter(emptyLog(), diffReport(null, before, emptyLog(), dict), ALL);
    const after = snap(moduleState(dict));
    const r = diffReport(before, after, log, dict);
    expect(r.interactions).toHaveLength(ITEMS);
    expect(r.interactions.every((i) => i.timepoint === 'post' && i.id.includes('_post_'))).toBe(true);
    expect(r.interactions[4]!.response).toBe(postValue(4));
    expect(r.completion).toMatchObject({ at: after.progress!.current.steps.post!.completedAt, scoreScaled: Math.round(knowledgeAfter * 10000) / 10000 });
    expect(r.progress).toMatchObject({ measure: 1, percent: 100, location: 'results/' });
    log = logAfter(log, r, ALL);
    expect(log).toMatchObject({ completed: true, progress: 100 });
    expect(log.records).toHaveLength(2);
    expect(diffReport(after, after, log, dict)).toEqual({ interactions: [], submitted: [], records: [], progress: null, completion: null });
  });

  it('does not mark what the LMS did not accept', () => {
    const s = snap(moduleState(dict));
    const r = diffReport(null, s, emptyLog(), dict);
    const log = logAfter(emptyLog(), r, { interactions: false, progress: true, completion: false });
    expect(log).toEqual({ records: [], completed: false, passed: false, progress: 100 });
    expect(diffReport(s, s, log, dict).interactions).toHaveLength(2 * ITEMS);
  });

  it('after "start again", reports the new attempt under its own ids and does not complete twice', () => {
    const first = snap(moduleState(dict));
    const log = logAfter(emptyLog(), diffReport(null, first, emptyLog(), dict), ALL);
    const second = snap(twoAttempts(dict));
    const r = diffReport(first, second, log, dict);
    expect(r.interactions).toHaveLength(ITEMS - 1 + ITEMS);
    expect(r.interactions.every((i) => i.attempt === 2 && i.id.endsWith('_a2'))).toBe(true);
    expect(r.completion).toBeNull();
    expect(new Set(r.interactions.map((i) => i.id)).size).toBe(r.interactions.length);
    expect(interactionId('x.y', 'pre', { id: 'i d', version: '2.0.0-beta', hash: '' }, 1)).toBe('x-y_pre_i-d_v2-0-0-beta');
  });

  it('with a mastery score: a later attempt that passes after a fail is reported (the pass only), once; a pass is never reported twice', () => {
    const score = knowledgeAfter; // both attempts of the fixture score 7 of 8 after the lessons
    const first = snap(moduleState(dict));
    const second = snap(twoAttempts(dict));
    // The first attempt reported against a pass mark above its score: completed, failed.
    const failed = logAfter(emptyLog(), diffReport(null, first, emptyLog(), dict, score + 0.05), ALL);
    expect(failed).toMatchObject({ completed: true, passed: false });
    // The second attempt against a pass mark it meets.
    const r = diffReport(first, second, failed, dict, score - 0.05);
    expect(r.completion).toMatchObject({ again: true, passes: true, at: second.progress!.current.steps.post!.completedAt });
    const passed = logAfter(failed, r, ALL);
    expect(passed).toMatchObject({ completed: true, passed: true });
    expect(diffReport(second, second, passed, dict, score - 0.05).completion).toBeNull();
    // The pass not accepted by the LMS (the send failed): asked again on the next report.
    expect(diffReport(second, second, logAfter(failed, r, { ...ALL, completion: false }), dict, score - 0.05).completion).toMatchObject({
      again: true,
    });
    // A second attempt that fails again, or any attempt after a pass, reports no completion.
    expect(diffReport(first, second, failed, dict, score + 0.05).completion).toBeNull();
    expect(diffReport(first, second, { ...failed, passed: true }, dict, score - 0.05).completion).toBeNull();
    // Without a mastery score nothing is passed: completion is reported once (the test above).
    expect(diffReport(first, second, failed, dict).completion).toBeNull();
    // The first completion says whether it passes.
    expect(diffReport(null, first, emptyLog(), dict, score - 0.05).completion).toMatchObject({ again: false, passes: true });
  });

  it('scores the knowledge questions after the lessons (lesson checks without them), and counts progress by steps', () => {
    const s = snap(moduleState(dict));
    const post = s.progress!.current.steps.post!.record!;
    expect(knowledgeScore(post, s.activity, dict)).toBe(Math.round(knowledgeAfter * 10000) / 10000);
    expect(knowledgeScore(null, s.activity, dict)).toBeNull();
    const noQuestions = { ...dict, module: { ...dict.module, knowledge: [] } };
    const checks = dict.module.checks.length;
    expect(knowledgeScore(post, s.activity, noQuestions)).toBe(Math.round(((checks - 1) / checks) * 10000) / 10000);
    expect(knowledgeScore(null, null, noQuestions)).toBe(0);
    const partway = snap(moduleState(dict, { lessonsDone: 3, post: false }));
    const steps = dict.module.lessons.length + 3;
    expect(moduleProgress(partway, dict)).toMatchObject({ percent: Math.round((5 / steps) * 100) });
  });

  it('finds the correct option of every knowledge check in the lessons', () => {
    for (const id of ['mutual-support-basics', 'knowing-the-landscape', 'lived-experience-and-peers', 'referrals-that-work']) {
      const checks = moduleDictionary(id).module.checks;
      expect(checks.length, id).toBeGreaterThan(0);
      for (const c of checks) expect(c.correct, `${id} ${c.id}`).toBeGreaterThanOrEqual(0);
    }
    const mdx = `<KnowledgeCheck id="k" question="Q?" options={[
      { correct: false, text: "A {brace} 'quote'", feedback: "x" },
      { text: 'B', feedback: "y: correct: true" },
      { feedback: \`z\`, text: "C", correct: true }
    ]} />`;
    expect(knowledgeChecksIn(mdx)).toEqual([{ id: 'k', correct: 2 }]);
  });
});

describe('SCORM interactions: each record whole, so the LMS report is enough to rebuild it', () => {
  const V = VERSION.replace(/\./g, '-');

  it('writes per record: what it is (R, C, H), its answers, its knowledge and background answers; every id parses back', () => {
    const s = snap(moduleState(dict, { skipPre: [2] }));
    const r = diffReport(null, s, emptyLog(), dict);
    const [pre, post] = r.submitted;
    const withCohort = { ...pre!, cohort: 'Team A, north' };
    const out = scormInteractions(r.interactions, [withCohort, post!]);
    const preOut = out.filter((i) => i.id.includes('_pre_'));
    expect(preOut.map((i) => i.id.replace(`_pre_msg-attitudes_v${V}`, '')).slice(0, 4)).toEqual(['R', 'C', 'H', dict.module.itemIds[0]]);
    expect(preOut[0]).toMatchObject({ type: 'fill-in', response: `MA-07-SA-2 ${MODULE} ${pre!.startedAt} ${pre!.completedAt} ${pre!.attemptId}` });
    expect(preOut[1]!.response).toBe('Team%20A%2C%20north');
    expect(preOut[2]!.response).toBe(`${MODULE}:${'ab'.repeat(32)}`);
    expect(preOut.filter((i) => i.type === 'likert').map((i) => i.id)).toEqual(r.interactions.filter((i) => i.timepoint === 'pre').map((i) => i.id));
    const knowledge = preOut.filter((i) => i.id.startsWith('K-'));
    expect(knowledge.map((i) => [i.type, i.response])).toEqual(
      Object.values(pre!.knowledge!).map((v) => (v === null ? ['fill-in', ''] : ['choice', String(v)])),
    );
    expect(preOut.filter((i) => i.id.startsWith('D-')).map((i) => i.response)).toEqual(Object.values(pre!.demographics).filter((v) => v !== null));
    expect(out.filter((i) => i.id.startsWith('C_'))).toHaveLength(1);
    for (const i of out) {
      expect(parseInteractionId(i.id), i.id).toMatchObject({
        timepoint: i.id.includes('_pre_') ? 'pre' : 'post',
        instrument: { id: 'msg-attitudes', version: VERSION },
        tag: '',
      });
      expect(i.id.length).toBeLessThanOrEqual(255);
      expect(i.description.length).toBeLessThanOrEqual(250);
    }
    expect(parseInteractionId(knowledge[0]!.id)).toMatchObject({ kind: 'knowledge', key: dict.module.knowledge[0]!.id });
    expect(parseInteractionId(preOut[0]!.id)).toMatchObject({ kind: 'record', key: '' });
  });

  it("tags a later attempt's record a<n>, and a record without any answer in the batch by its attempt id", () => {
    const first = snap(moduleState(dict));
    const log = logAfter(emptyLog(), diffReport(null, first, emptyLog(), dict), ALL);
    const r = diffReport(first, snap(twoAttempts(dict)), log, dict);
    const out = scormInteractions(r.interactions, r.submitted);
    expect(out.every((i) => i.id.endsWith('_a2'))).toBe(true);
    expect(out.filter((i) => parseInteractionId(i.id)?.tag === 'a2')).toHaveLength(out.length);
    // A post record with every item left unanswered, sent on its own: no likert interaction says its attempt.
    const { checksum: _, ...rest } = r.submitted[1]!;
    const blank = signRecord({ ...rest, responses: Object.fromEntries(Object.keys(rest.responses).map((k) => [k, null])) });
    const alone = scormInteractions([], [blank]);
    const tag = `x${blank.attemptId.replace(/-/g, '').slice(0, 8)}`;
    expect(alone.every((i) => i.id.endsWith(`_post_msg-attitudes_v${V}_${tag}`))).toBe(true);
    expect(parseInteractionId(alone[0]!.id)).toMatchObject({ kind: 'record', tag });
  });

  it('reads the ids written before records were written whole, and nothing else', () => {
    expect(parseInteractionId(`att-12-helpful_pre_msg-attitudes_v${V}`)).toEqual({
      kind: 'item',
      key: 'att-12-helpful',
      timepoint: 'pre',
      instrument: { id: 'msg-attitudes', version: VERSION },
      tag: '',
    });
    expect(parseInteractionId('att-12-helpful_followup_msg-attitudes_v2-10-3_a3')).toMatchObject({
      timepoint: 'followup',
      instrument: { version: '2.10.3' },
      tag: 'a3',
    });
    expect(parseInteractionId('D-discipline_then_msg-attitudes_v1-0-0')).toMatchObject({ kind: 'background', key: 'discipline', timepoint: 'then' });
    for (const bad of [
      '',
      'R_pre_msg-attitudes',
      `att-12-helpful_pre_msg-attitudes_v${V}`.slice(0, 30),
      'Slide4_Q__2126E834',
      'att_12_pre_msg-attitudes_v1-0-0',
      'att-12-helpful_later_msg-attitudes_v1-0-0',
      'R_pre_msg-attitudes_v1-0-0_a0',
      'X-q_pre_msg-attitudes_v1-0-0',
    ]) {
      expect(parseInteractionId(bad), bad).toBeNull();
    }
  });

  it('escapes fill-in fields so they hold no space, comma, brace or control character, and reads them back', () => {
    for (const text of ['Team A, north', '{lang=en}x', '100% sure', 'tab\there\nnewline', 'María 😀 Łódź', '%41']) {
      const encoded = encodeField(text);
      expect(encoded).not.toMatch(/[ ,{}\u0000-\u001f]/);
      expect(decodeField(encoded)).toBe(text);
    }
  });
});

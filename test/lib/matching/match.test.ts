import { describe, expect, it } from 'vitest';
import { DUPLICATE_RULE, FUZZY_RULE, joinModules, matchPrePost } from '../../../src/lib/matching/match.ts';
import type { ImportedRecord } from '../../../src/lib/import/import-types.ts';
import { imported } from '../../fixtures/evaluator/records.ts';

let seq = 0;
const r = (participant: string, timepoint: ImportedRecord['timepoint'], extra: Partial<ImportedRecord> = {}) =>
  imported({ participant, timepoint, ...extra }, seq++);

describe('matchPrePost: exact', () => {
  it('pairs on normalised code and module; cohort must agree only when both name one', () => {
    const records = [
      r('MA-07-SA-2', 'pre'),
      r('MA-07-SA-2', 'post'),
      r('LU-12-RO-0', 'pre', { module: 'm1' }),
      r('LU-12-RO-0', 'post', { module: 'm2' }),
      r('AB-01-CD-3', 'pre', { cohort: 'A' }),
      r('AB-01-CD-3', 'post', { cohort: 'B' }),
      r('EF-02-GH-4', 'pre', { cohort: 'A' }),
      r('EF-02-GH-4', 'post'),
    ];
    const m = matchPrePost(records);
    expect(m.pairs.map((p) => [p.pre.participant, p.fuzzy])).toEqual([
      ['MA-07-SA-2', false],
      ['EF-02-GH-4', false],
    ]);
    expect(m.preOnly.map((x) => `${x.participant}/${x.module}/${x.cohort}`)).toEqual(['LU-12-RO-0/m1/null', 'AB-01-CD-3/m/A']);
    expect(m.postOnly.map((x) => `${x.participant}/${x.module}/${x.cohort}`)).toEqual(['LU-12-RO-0/m2/null', 'AB-01-CD-3/m/B']);
    expect(m.flow).toMatchObject({
      records: 8,
      preRecords: 4,
      postRecords: 4,
      pre: 4,
      post: 4,
      matched: 2,
      matchedFuzzy: 0,
      preOnly: 2,
      postOnly: 2,
      duplicates: 0,
    });
  });

  it('a record without a cohort matches only records without a cohort when its code appears in several cohorts', () => {
    const m = matchPrePost([r('MA-07-SA-2', 'pre', { cohort: 'A' }), r('MA-07-SA-2', 'post', { cohort: 'B' }), r('MA-07-SA-2', 'post')]);
    expect(m.pairs).toHaveLength(0);
    expect(m.flow).toMatchObject({ preOnly: 1, postOnly: 2 });
  });

  it('counts then/followup records as not analysed', () => {
    const m = matchPrePost([r('MA-07-SA-2', 'pre'), r('MA-07-SA-2', 'then'), r('MA-07-SA-2', 'followup'), r('MA-07-SA-2', 'then')]);
    expect(m.notAnalysed).toHaveLength(3);
    expect(m.flow.excluded).toEqual([
      { reason: 'timepoint "then" (kept, not analysed)', count: 2 },
      { reason: 'timepoint "followup" (kept, not analysed)', count: 1 },
    ]);
    expect(m.flow.preOnly).toBe(1);
  });
});

describe('matchPrePost: duplicates rule', () => {
  it('states the rule', () => {
    expect(DUPLICATE_RULE).toMatch(/same attempt.*latest.*most answered items.*latest completed/s);
  });

  it('uses the record with the most answered items, then the latest completed; lists the others', () => {
    const few = r('MA-07-SA-2', 'pre', { responses: { a: 1, b: null }, completedAt: '2026-11-27T10:00:00Z', attemptId: 'x' });
    const many = r('MA-07-SA-2', 'pre', { responses: { a: 1, b: 2 }, completedAt: '2026-11-26T10:00:00Z', attemptId: 'y' });
    const manyLater = r('MA-07-SA-2', 'pre', { responses: { a: 3, b: 2 }, completedAt: '2026-11-26T11:00:00Z', attemptId: 'z' });
    const post = r('MA-07-SA-2', 'post', { attemptId: 'w' });
    const m = matchPrePost([few, many, manyLater, post]);
    expect(m.pairs[0]!.pre).toBe(manyLater);
    expect(m.duplicates).toEqual([
      { participant: 'MA-07-SA-2', participantKind: 'code', module: 'm', cohort: null, timepoint: 'pre', used: manyLater, duplicates: [few, many] },
    ]);
    expect(m.flow).toMatchObject({ preRecords: 3, pre: 1, matched: 1, duplicates: 2 });
    expect(m.flow.excluded[0]).toMatchObject({ count: 2 });
  });

  it('prefers pre and post of the same attempt (the latest complete attempt)', () => {
    const pre1 = r('MA-07-SA-2', 'pre', { attemptId: 'first', responses: { a: 1, b: 1 } });
    const post1 = r('MA-07-SA-2', 'post', { attemptId: 'first', completedAt: '2026-11-26T11:00:00Z' });
    const pre2 = r('MA-07-SA-2', 'pre', { attemptId: 'second', responses: { a: 1 } });
    const post2 = r('MA-07-SA-2', 'post', { attemptId: 'second', completedAt: '2026-12-01T11:00:00Z' });
    const m = matchPrePost([pre1, post1, pre2, post2]);
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0]).toMatchObject({ pre: pre2, post: post2 });
    expect(m.flow.duplicates).toBe(2);
  });

  it('CSV records (no time) count by the order read: the later one wins a tie', () => {
    const a = r('MA-07-SA-2', 'pre', { source: 'csv', responses: { a: 1 } });
    const b = r('MA-07-SA-2', 'pre', { source: 'csv', responses: { a: 2 } });
    expect(matchPrePost([a, b]).preOnly[0]).toBe(b);
  });
});

describe('matchPrePost: fuzzy', () => {
  const records = () => [
    r('MA-07-SA-2', 'pre'),
    r('MA-07-SA-3', 'post'), // one element differs: unique
    r('LU-12-RO-0', 'pre'),
    r('LU-12-RO-1', 'post'),
    r('LU-12-RU-0', 'post'), // two candidates: ambiguous
    r('AB-01-CD-3', 'pre'),
    r('AB-02-CE-3', 'post'), // two elements differ: never
    r('EF-02-GH-4', 'pre', { cohort: 'A' }),
    r('EF-02-GH-5', 'post', { cohort: 'B' }), // different cohorts: never
  ];

  it('is off by default, but reports how many pairs it would add', () => {
    const m = matchPrePost(records());
    expect(m.pairs).toHaveLength(0);
    expect(m.flow).toMatchObject({ matched: 0, matchedFuzzy: 0, fuzzyAvailable: 1, ambiguousFuzzy: 1, preOnly: 4, postOnly: 5 });
  });

  it('when on, pairs only unique candidates and reports them separately; ambiguous ones stay unmatched', () => {
    const m = matchPrePost(records(), { fuzzy: true });
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0]).toMatchObject({ fuzzy: true, differingElement: 3 });
    expect(m.pairs[0]!.pre.participant).toBe('MA-07-SA-2');
    expect(m.pairs[0]!.post.participant).toBe('MA-07-SA-3');
    expect(m.ambiguousFuzzy).toHaveLength(1);
    expect(m.ambiguousFuzzy[0]!.pre.map((x) => x.participant)).toEqual(['LU-12-RO-0']);
    expect(m.ambiguousFuzzy[0]!.post.map((x) => x.participant)).toEqual(['LU-12-RO-1', 'LU-12-RU-0']);
    expect(m.flow).toMatchObject({ matched: 0, matchedFuzzy: 1, preOnly: 3, postOnly: 4, pre: 4, post: 5 });
  });

  it('never uses fuzzy matching for records already matched exactly', () => {
    const m = matchPrePost([r('MA-07-SA-2', 'pre'), r('MA-07-SA-2', 'post'), r('MA-07-SA-3', 'post')], { fuzzy: true });
    expect(m.pairs.map((p) => p.fuzzy)).toEqual([false]);
    expect(m.postOnly.map((x) => x.participant)).toEqual(['MA-07-SA-3']);
  });

  it('a post with two pre candidates is ambiguous too', () => {
    const m = matchPrePost([r('MA-07-SA-2', 'pre'), r('MA-07-SA-4', 'pre'), r('MA-07-SA-3', 'post')], { fuzzy: true });
    expect(m.pairs).toHaveLength(0);
    expect(m.ambiguousFuzzy[0]!.pre).toHaveLength(2);
    expect(FUZZY_RULE).toMatch(/exactly one.*only such candidate/s);
  });
});

describe('matchPrePost: ids from other systems (opaque ids)', () => {
  const o = (participant: string, timepoint: ImportedRecord['timepoint'], extra: Partial<ImportedRecord> = {}) =>
    r(participant, timepoint, { participantKind: 'opaque', participantRaw: participant, ...extra });

  it('pairs opaque ids exactly as written: case and every character count', () => {
    const m = matchPrePost([
      o('K016', 'pre'),
      o('K016', 'post'),
      o('k017', 'pre'),
      o('K017', 'post'),
      o('R_2YPOQ602ER1jkf1', 'pre'),
      o('R_2YPOQ602ER1jkf1', 'post'),
    ]);
    expect(m.pairs.map((p) => p.pre.participant)).toEqual(['K016', 'R_2YPOQ602ER1jkf1']);
    expect(m.preOnly.map((x) => x.participant)).toEqual(['k017']);
    expect(m.postOnly.map((x) => x.participant)).toEqual(['K017']);
  });

  it('never matches an opaque id with a participant code that reads the same', () => {
    const m = matchPrePost([r('MA-07-SA-2', 'pre'), o('MA-07-SA-2', 'post')], { fuzzy: true });
    expect(m.pairs).toHaveLength(0);
    expect(m.flow).toMatchObject({ preOnly: 1, postOnly: 1, matched: 0, matchedFuzzy: 0 });
  });

  it('fuzzy matching pairs codes that differ in one element, but never opaque ids that do', () => {
    const m = matchPrePost(
      [
        r('MA-07-SA-2', 'pre'),
        r('MA-07-SA-3', 'post'), // codes: one element apart → a fuzzy pair
        o('AB-01-CD-3', 'pre'),
        o('AB-01-CD-4', 'post'), // the same shape as opaque ids: never
        o('K016', 'pre'),
        o('K018', 'post'),
      ],
      { fuzzy: true },
    );
    expect(m.pairs.map((p) => [p.pre.participant, p.post.participant, p.fuzzy])).toEqual([['MA-07-SA-2', 'MA-07-SA-3', true]]);
    expect(m.flow).toMatchObject({ matchedFuzzy: 1, fuzzyAvailable: 1, ambiguousFuzzy: 0, preOnly: 2, postOnly: 2 });
  });

  it('keeps duplicates of an opaque id apart from a code that reads the same', () => {
    const m = matchPrePost([o('X1', 'pre'), o('X1', 'pre'), o('X1', 'post'), r('MA-07-SA-2', 'pre'), o('MA-07-SA-2', 'pre')]);
    expect(m.duplicates.map((d) => [d.participant, d.participantKind, d.duplicates.length])).toEqual([['X1', 'opaque', 1]]);
    expect(m.flow).toMatchObject({ matched: 1, preOnly: 2 });
  });
});

describe('records without a module', () => {
  it("join the only module their participant's other records name, so one person is not counted twice", () => {
    const records = [
      r('AA-01-AA-1', 'pre', { module: 'mutual-support-basics' }),
      r('AA-01-AA-1', 'post', { module: null }),
      r('AA-01-AA-1', 'followup', { module: null }),
      r('BB-02-BB-2', 'pre', { module: 'mutual-support-basics' }),
      r('BB-02-BB-2', 'pre', { module: 'referrals-that-work' }),
      r('BB-02-BB-2', 'post', { module: null }),
      r('CC-03-CC-3', 'pre', { module: null }),
      r('CC-03-CC-3', 'post', { module: null }),
    ];
    const joined = joinModules(records);
    expect(joined.map((x) => x.module)).toEqual([
      'mutual-support-basics',
      'mutual-support-basics',
      'mutual-support-basics',
      'mutual-support-basics',
      'referrals-that-work',
      null, // its participant's records name two modules: it matches only records without one
      null,
      null,
    ]);
    // Copies: the records read are left as they were.
    expect(records[1]!.module).toBeNull();
    const match = matchPrePost(joined);
    expect(match.pairs.map((p) => [p.pre.participant, p.pre.module, p.post.module])).toEqual(
      expect.arrayContaining([
        ['AA-01-AA-1', 'mutual-support-basics', 'mutual-support-basics'],
        ['CC-03-CC-3', null, null],
      ]),
    );
    expect(match.pairs).toHaveLength(2);
  });

  it('leave the list as it is when every record names a module, and never join an id to a code', () => {
    const named = [r('AA-01-AA-1', 'pre', { module: 'm' })];
    expect(joinModules(named)).toBe(named);
    const mixed = [r('AA-01-AA-1', 'pre', { module: 'm' }), r('AA-01-AA-1', 'post', { module: null, participantKind: 'opaque' })];
    expect(joinModules(mixed)[1]!.module).toBeNull();
  });
});

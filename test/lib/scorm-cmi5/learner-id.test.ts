import { describe, expect, it } from 'vitest';
import { needsStamp, stampLearnerId, type LmsStampedRecord } from '../../../src/lib/scorm-cmi5/learner-id.ts';
import { checksumMatches } from '../../../src/lib/records/sign.ts';
import { MODULE, moduleDictionary, moduleState } from '../../fixtures/lms/course.ts';

describe('includeLmsLearnerId', () => {
  it('adds the LMS learner id to the current records and signs them again; nothing else changes', () => {
    const dict = moduleDictionary();
    const { learner } = moduleState(dict, { lessonsDone: 2, post: false });
    expect(needsStamp(learner, MODULE, 'lms-42')).toBe(true);
    const stamped = stampLearnerId(learner, MODULE, 'lms-42');
    const record = stamped.units[MODULE]!.current.steps.pre!.record as LmsStampedRecord;
    const before = learner.units[MODULE]!.current.steps.pre!.record!;
    expect(record.lmsLearnerId).toBe('lms-42');
    expect(checksumMatches(record)).toBe(true);
    expect(record.checksum).not.toBe(before.checksum);
    const { lmsLearnerId: _id, checksum: _c, ...rest } = record;
    const { checksum: _c2, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(stampLearnerId(stamped, MODULE, 'lms-42')).toBe(stamped);
    expect(needsStamp(stamped, MODULE, 'lms-42')).toBe(false);
    expect(stampLearnerId(learner, 'other-module', 'lms-42')).toBe(learner);
  });
});

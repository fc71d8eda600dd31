// A record's module decides which records pair: "Mutual-Support-Basics" in one file and
// "mutual-support-basics" in another were two modules, each learner's pre and post two people, without a
// word. With the course's modules given (the CLI and the evaluator page give them), a module that differs
// from one only in case, spaces or underscores is read as it; one that names none is said.
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { CourseModules } from '../../../src/lib/import/course-modules.ts';
import { importFiles, type ImportFile } from '../../../src/lib/import/import.ts';
import type { ImportOptions } from '../../../src/lib/import/import-types.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const COURSE = ['knowing-the-landscape', 'lived-experience-and-peers', 'mutual-support-basics', 'referrals-that-work'];
const item = inst.items[0]!.id;

/** A long CSV: each (participant, timepoint, module) one answer. */
function longCsv(name: string, rows: [string, string, string][]): ImportFile {
  const lines = ['participant,timepoint,item,value,module', ...rows.map(([p, tp, m]) => `${p},${tp},${item},3,${JSON.stringify(m)}`)];
  return { name, text: `${lines.join('\n')}\n` };
}
const importWith = (files: ImportFile[], options: ImportOptions = { courseModules: COURSE }) => importFiles(files, inst, hash, options);
const warnings = (r: ReturnType<typeof importWith>) => r.problems.filter((p) => p.severity === 'warning' && /module/.test(p.message));

describe('CourseModules.read', () => {
  const course = new CourseModules(COURSE);
  it.each([
    ['mutual-support-basics', { as: 'mutual-support-basics', exact: true }],
    ['Mutual-Support-Basics', { as: 'mutual-support-basics', exact: false }],
    [' mutual_support_basics ', { as: 'mutual-support-basics', exact: false }],
    ['Mutual Support Basics', { as: 'mutual-support-basics', exact: false }],
    ['mutual-support-basics+referrals-that-work', { as: 'mutual-support-basics+referrals-that-work', exact: true }],
    ['Mutual-Support-Basics+Referrals that work', { as: 'mutual-support-basics+referrals-that-work', exact: false }],
    ['mutual-support', null],
    ['mutual-support-basics+other', null],
    ['<b>mutual-support-basics</b>', null],
    ['', null],
  ])('%j reads as %j', (text, reading) => expect(course.read(text)).toEqual(reading));
});

describe("records' modules checked against the course's", () => {
  const people = ['AA-01-QQ-0', 'AB-02-QQ-1', 'AC-03-QQ-2'];

  it('pairs a pre and post whose module differs only in case or underscores, and says so once per text (before: no pairs, no word)', () => {
    const files = [
      longCsv(
        'pre.csv',
        people.map((p) => [p, 'pre', 'Mutual-Support-Basics']),
      ),
      longCsv(
        'post.csv',
        people.map((p) => [p, 'post', 'mutual_support_basics']),
      ),
    ];
    const before = importWith(files, {});
    expect(buildDataset(before, inst).people.filter((p) => p.pre && p.post)).toHaveLength(0);
    expect(warnings(before)).toEqual([]);

    const result = importWith(files);
    expect(new Set(result.records.map((r) => r.module))).toEqual(new Set(['mutual-support-basics']));
    expect(buildDataset(result, inst).people.filter((p) => p.pre && p.post)).toHaveLength(3);
    expect(warnings(result)).toEqual([
      {
        file: 'pre.csv',
        line: 2,
        severity: 'warning',
        message:
          'module "Mutual-Support-Basics" is read as "mutual-support-basics", one of this course\'s modules (it differs only in case, spaces or underscores): 3 records',
      },
      {
        file: 'post.csv',
        line: 2,
        severity: 'warning',
        message:
          'module "mutual_support_basics" is read as "mutual-support-basics", one of this course\'s modules (it differs only in case, spaces or underscores): 3 records',
      },
    ]);
  });

  it("keeps a module that names none of the course's as written, and says so with its records' count; the course's own ids say nothing", () => {
    const result = importWith([
      longCsv('a.csv', [...people.map((p): [string, string, string] => [p, 'pre', 'mutual-support']), ['AD-04-QQ-3', 'pre', 'referrals-that-work']]),
    ]);
    expect(result.records.map((r) => r.module).sort()).toEqual(['mutual-support', 'mutual-support', 'mutual-support', 'referrals-that-work']);
    expect(warnings(result).map((p) => [p.line, p.message])).toEqual([
      [
        2,
        'module "mutual-support" is not one of this course\'s modules (knowing-the-landscape, lived-experience-and-peers, mutual-support-basics, referrals-that-work): its 3 records are analysed as a module of their own, paired only with records that name the same module',
      ],
    ]);
  });

  it('quotes a hostile module text as data, and never an e-mail address (that module is withheld, not listed)', () => {
    const result = importWith([
      longCsv('h.csv', [
        ['AA-01-QQ-0', 'pre', '<img src=x onerror=alert(1)>'],
        ['AB-02-QQ-1', 'pre', 'jane.doe@example.org'],
      ]),
    ]);
    const messages = result.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('module "<img src=x onerror=alert(1)>" is not one of this course\'s modules');
    expect(messages).not.toContain('jane.doe');
    expect(result.records.map((r) => r.module).sort()).toEqual(['(withheld module 1)', '<img src=x onerror=alert(1)>']);
  });

  it("makes one record of a learner's rows whose module is spelt two ways (before: two partial records, one set aside)", () => {
    const [a, b] = [inst.items[0]!.id, inst.items[1]!.id];
    const text = ['participant,timepoint,item,value,module', `AA-01-QQ-0,pre,${a},3,Mutual-Support-Basics`, `AA-01-QQ-0,pre,${b},4,mutual-support-basics`].join(
      '\n',
    );
    const result = importWith([{ name: 'mixed.csv', text }]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]!.module).toBe('mutual-support-basics');
    expect(result.records[0]!.responses).toMatchObject({ [a]: 3, [b]: 4 });
  });

  it('lists at most 20 texts one by one, then one line for the rest', () => {
    const rows = Array.from({ length: 25 }, (_, n): [string, string, string] => [`AA-${String(n).padStart(2, '0')}-QQ-0`, 'pre', `other-${n}`]);
    const notes = warnings(importWith([longCsv('many.csv', rows)]));
    expect(notes).toHaveLength(21);
    expect(notes.at(-1)!.message).toBe("5 more module texts are not this course's module ids as written (not listed one by one)");
  });
});

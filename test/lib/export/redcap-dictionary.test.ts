import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../../../src/lib/instrument/load.ts';
import type { Instrument } from '../../../src/lib/instrument/schema.ts';
import { REDCAP_COLUMNS, REDCAP_NAME_LIMIT, itemIdFromRedcap, redcapDictionaryCsv } from '../../../src/lib/export/redcap-dictionary.ts';
import { main, newestInstrument } from '../../../src/cli/instrument.ts';

const file = newestInstrument();
const instrument = parseInstrument(readFileSync(file, 'utf8'), file.split('/').pop()!);
const parsed = Papa.parse<string[]>(redcapDictionaryCsv(instrument), { skipEmptyLines: true });
const [header, ...rows] = parsed.data;
const col = (name: (typeof REDCAP_COLUMNS)[number]) => header!.indexOf(name);

describe('REDCap data dictionary', () => {
  it('has exactly the 18 documented columns, the record id first, and one row per question', () => {
    expect(parsed.errors).toEqual([]);
    expect(header).toEqual([...REDCAP_COLUMNS]);
    expect(rows.every((r) => r.length === 18)).toBe(true);
    expect(rows[0]![0]).toBe('record_id');
    expect(rows.length).toBe(3 + instrument.items.length + instrument.demographics.length);
  });

  it('names every field as REDCap allows, and each maps back to its item', () => {
    const names = rows.map((r) => r[col('Variable / Field Name')]!);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(name.length).toBeLessThanOrEqual(REDCAP_NAME_LIMIT);
    }
    const items = names.map(itemIdFromRedcap).filter((id) => instrument.items.some((i) => i.id === id));
    expect(items).toEqual(instrument.items.map((i) => i.id));
  });

  it('writes each item’s response scale as REDCap choices, codes for “not familiar” and “no opportunity” included', () => {
    for (const item of instrument.items) {
      const row = rows.find((r) => r[0] === item.id.replace(/-/g, '_'))!;
      expect(row[col('Field Type')]).toBe('radio');
      expect(row[col('Field Label')]).toBe(item.text);
      const points = instrument.responseScales.find((s) => s.id === item.responseScale)!.points;
      const choices = row[col('Choices, Calculations, OR Slider Labels')]!.split(' | ').map((c) => c.split(', ')[0]);
      expect(choices).toEqual(points.map((p) => String(p.value)));
      if (points.some((p) => p.missing)) expect(row[col('Field Note')]).toMatch(/kept but not scored/);
    }
    for (const d of instrument.demographics) {
      const row = rows.find((r) => r[0] === d.id.replace(/-/g, '_'))!;
      const codes = row[col('Choices, Calculations, OR Slider Labels')]!.split(' | ').map((c) => c.split(', ')[0]!);
      for (const code of codes) expect(code).toMatch(/^[a-z0-9_]+$/);
      expect(codes.map(itemIdFromRedcap)).toEqual(d.options.map((o) => o.value));
    }
  });

  /** The questionnaire with its last item, or its first background question, given another id. */
  const withItemId = (id: string): Instrument => ({
    ...instrument,
    items: instrument.items.map((item, i) => (i === instrument.items.length - 1 ? { ...item, id } : item)),
  });
  const withQuestionId = (id: string): Instrument => ({ ...instrument, demographics: instrument.demographics.map((d, i) => (i === 0 ? { ...d, id } : d)) });
  const form = instrument.id.replace(/-/g, '_');

  it.each([
    ['record-id', 'the record id field (the first field of the dictionary, and the first column of every export)'],
    ['participant-code', "a field the evaluator's REDCap import reads as the participant (its code), not as an answer"],
    ['participant', "a field the evaluator's REDCap import reads as the participant (its code), not as an answer"],
    ['timepoint', "a field the evaluator's REDCap import reads as the timepoint, not as an answer"],
    ['cohort', "a field the evaluator's REDCap import reads as the cohort, not as an answer"],
    ['module', "a field the evaluator's REDCap import reads as the module, not as an answer"],
    ...['redcap-event-name', 'redcap-repeat-instrument', 'redcap-repeat-instance', 'redcap-data-access-group', 'redcap-survey-identifier', 'redcap-x'].map(
      (id) => [
        id,
        'a name beginning redcap_, as REDCap names the columns it adds to its exports (redcap_event_name, redcap_repeat_instrument, redcap_repeat_instance, …)',
      ],
    ),
    [`${instrument.id}-complete`, `the column REDCap adds to its exports for the status of the form "${form}" (<form>_complete)`],
    [`${instrument.id}-timestamp`, `the column REDCap adds to its exports for the time the survey "${form}" was completed (<form>_timestamp)`],
  ])('refuses an item whose field name REDCap or the import reads as another column: %s', (id, what) => {
    const field = id.replace(/-/g, '_');
    expect(() => redcapDictionaryCsv(withItemId(id))).toThrow(`item "${id}" would be the REDCap field "${field}", ${what}: rename the item id`);
    expect(() => redcapDictionaryCsv(withQuestionId(id))).toThrow(
      `background question "${id}" would be the REDCap field "${field}", ${what}: rename the background question's id`,
    );
  });

  it('refuses a field name REDCap does not allow, and two questions of one field name, naming them', () => {
    expect(() => redcapDictionaryCsv(withItemId('12-helpful'))).toThrow(
      'item "12-helpful" would be the REDCap field "12_helpful", which REDCap does not allow (a field name is of lower-case letters, digits and underscores, and starts with a letter): rename the item id',
    );
    const long = `int-${'x'.repeat(30)}`;
    expect(() => redcapDictionaryCsv(withItemId(long))).toThrow(
      `item "${long}" would be the REDCap field "${long.replace(/-/g, '_')}", longer than the 26 characters REDCap advises for a field name: rename the item id`,
    );
    const first = instrument.items[0]!.id;
    expect(() => redcapDictionaryCsv(withQuestionId(first))).toThrow(
      `item "${first}" and background question "${first}" would both be the REDCap field "${first.replace(/-/g, '_')}": rename one of them`,
    );
    // A questionnaire id that starts with a digit still makes a form name REDCap takes.
    const csv = redcapDictionaryCsv({ ...instrument, id: '2026-survey' });
    const forms = new Set(
      Papa.parse<string[]>(csv, { skipEmptyLines: true })
        .data.slice(1)
        .map((r) => r[col('Form Name')]),
    );
    expect([...forms]).toEqual(['form_2026_survey']);
    expect(() => redcapDictionaryCsv({ ...instrument, id: '2026-survey' }, { formName: 'Survey 2026' })).toThrow(
      'the REDCap form name "Survey 2026" is not one REDCap allows (lower-case letters, digits and underscores, starting with a letter)',
    );
  });

  it('refuses a choice label holding "|" (REDCap reads it as the start of another choice, and has no escape for it) or a line break', () => {
    const d = instrument.demographics[0]!;
    const option = d.options[0]!;
    const pipe: Instrument = {
      ...instrument,
      demographics: instrument.demographics.map((q, i) =>
        i === 0 ? { ...q, options: q.options.map((o, j) => (j === 0 ? { ...o, label: 'Case manager | 2, Nurse' } : o)) } : q,
      ),
    };
    expect(() => redcapDictionaryCsv(pipe)).toThrow(
      `background question "${d.id}", option "${option.value}": its label "Case manager | 2, Nurse" holds "|", which REDCap reads as the start of another choice ("1, A | 2, B") and cannot escape: take it out of the label`,
    );
    const scale = instrument.responseScales[0]!;
    const broken: Instrument = {
      ...instrument,
      responseScales: instrument.responseScales.map((s, i) =>
        i === 0 ? { ...s, points: s.points.map((p, j) => (j === 1 ? { ...p, label: 'Dis-\nagree' } : p)) } : s,
      ),
    };
    expect(() => redcapDictionaryCsv(broken)).toThrow(
      `response scale "${scale.id}", point ${scale.points[1]!.value}: its label "Dis-\\nagree" holds a line break, which REDCap reads as the start of another choice`,
    );
    // In a question's own text (the Field Label), "|" is only text.
    const text: Instrument = { ...instrument, items: instrument.items.map((item, i) => (i === 0 ? { ...item, text: 'Either | or' } : item)) };
    expect(() => redcapDictionaryCsv(text)).not.toThrow();
  });

  it('runs from the command line, and refuses a format it does not know', () => {
    let text = '';
    expect(main(['--format', 'redcap'], (t) => (text += t))).toBe(0);
    expect(text).toBe(redcapDictionaryCsv(instrument));
    expect(main(['--format', 'qualtrics'], () => {})).toBe(2);
  });

  it('takes the newest version by number, not by name, and asks which questionnaire when there are several', () => {
    const dir = mkdtempSync(join(tmpdir(), 'instruments-'));
    const copy = (version: string, id = instrument.id) => {
      const path = join(dir, `${id}-${version}.yaml`);
      writeFileSync(
        path,
        readFileSync(file, 'utf8')
          .replace(/^id: .*$/m, `id: ${id}`)
          .replace(/^version: .*$/m, `version: ${version}`),
      );
      return path;
    };
    copy('1.9.0');
    const newest = copy('1.10.0');
    copy('1.2.0');
    expect(newestInstrument(dir)).toBe(newest);
    copy('1.0.0', 'zz-other-questionnaire');
    expect(() => newestInstrument(dir)).toThrow(
      `${dir} holds more than one questionnaire (${instrument.id}, zz-other-questionnaire): choose one with --instrument FILE`,
    );
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../../../src/lib/instrument/load.ts';
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

// A quote that opens a value and is not closed within the limit on a value's length (a stray quote, most
// often): the row is reported, naming the line the quote opens on, and ends with that line; every line
// after it is read. Otherwise the quoted path gives what papaparse gives: parseCsvChunks makes the rows,
// chunks and errors of Papa.parse with chunkSize CSV_CHUNK_SIZE (without its cost on a stray quote).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { CSV_CHUNK_SIZE, parseCsvChunks, type RowNote } from '../../../src/lib/import/csv-rows.ts';
import { importFiles, listInstruments } from '../../../src/lib/import/import.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';
import { code } from '../../fixtures/evaluator/records.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';

const tiny = tinyInstrument();
const hash = instrumentFingerprint(tiny);
const run = (text: string, limits = {}) => importFiles([{ name: 'f.csv', text }], tiny, hash, { limits });
const errorsOf = (r: ReturnType<typeof run>) => r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message]);
const header = 'participant,timepoint,item,value,cohort,module';
/** Row n of a long CSV: participant n's answer to item a (rows 0, 1, … on lines 2, 3, …). */
const row = (n: number) => `${code(n)},pre,a,${(n % 5) + 1},North,m1`;
const csv = (rows: readonly string[]) => `${header}\n${rows.join('\n')}\n`;
const unclosed = (column: string, line: number, on = '') =>
  `this row cannot be read: the quote that opens its value in column "${column}"${on} is not closed within 1,000 characters, the limit on a value's length (a stray quote?); the row is read as ending with line ${line}, and the lines after it as rows of their own; row not used`;

describe('a quote not closed within the limit on a value', () => {
  it('is reported on its line, and every line after it is read, as if that row were empty', () => {
    const rows = Array.from({ length: 60 }, (_, n) => row(n));
    const stray = rows.with(1, `${code(1)},"pre,a,2,North,m1`);
    const r = run(csv(stray));
    expect(errorsOf(r)).toEqual([[3, unclosed('timepoint', 3)]]);
    // The same records, with their lines, as from the file with that line left empty.
    const clean = run(csv(rows.with(1, '')));
    expect(r.records).toEqual(clean.records);
    expect(r.records).toHaveLength(59);
    expect(r.counts).toMatchObject({ csvRows: 60, csvRowsRejected: 1, imported: 59 });
  });

  it('names the line the quote opens on when the row began on an earlier one, and ends the row there', () => {
    // Line 3 starts a row whose cohort spans lines 3–4; its module's quote opens on line 4.
    const rows = Array.from({ length: 60 }, (_, n) => row(n));
    const stray = rows.with(1, `${code(1)},pre,a,2,"North\nsite","m1`);
    const r = run(csv(stray));
    expect(errorsOf(r)).toEqual([[3, unclosed('module', 4, ' (on line 4)')]]);
    expect(r.records.map((x) => x.line)).toEqual([2, ...Array.from({ length: 58 }, (_, n) => n + 5)]);
    expect(r.records.at(-1)).toMatchObject({ participant: code(59), line: 62 });
  });

  it('reads on to the closing quote as before when that lies within the limit', () => {
    const rows = Array.from({ length: 60 }, (_, n) => row(n));
    const stray = csv(rows.with(1, `${code(1)},"pre,a,2,North,m1`));
    // With a limit of 5,000 characters the quote runs on to the end of the file (papaparse's row).
    const r = run(stray, { maxStringChars: 5_000 });
    expect(errorsOf(r)).toEqual([
      [3, expect.stringMatching(/^this row cannot be read: .*\(it runs on to line 62: lines 4–62 were read as part of it\); row not used$/)],
    ]);
    expect(r.records).toHaveLength(1);
  });

  it('keeps every row of a file of several chunks with many stray quotes, and of a file where every row opens one', () => {
    // Some 3 MB: stray quotes in the first and the last chunk, at every 997th row, and next to each other.
    const rows = Array.from({ length: 100_000 }, (_, n) => row(n));
    const strays = [1, 2, 3, 40_000, 99_000, ...Array.from({ length: 100 }, (_, k) => 500 + 997 * k)];
    const broken = [...rows];
    const blank = [...rows];
    for (const n of strays) {
      broken[n] = `${code(n)},pre,a,"${(n % 5) + 1},North,m1`;
      blank[n] = '';
    }
    const text = csv(broken);
    expect(text.length).toBeGreaterThan(2.5 * CSV_CHUNK_SIZE);
    const r = run(text);
    const clean = run(csv(blank));
    expect(r.records).toEqual(clean.records);
    expect(r.records).toHaveLength(100_000 - new Set(strays).size);
    expect(r.counts.csvRowsRejected).toBe(new Set(strays).size);
    expect(r.problems.find((p) => p.severity === 'error')).toMatchObject({ line: 3, count: new Set(strays).size });

    // A quote opening every row of 20,000, then 40 valid rows: each is reported, none swallows the next.
    const quotes = Array.from({ length: 20_000 }, (_, n) => `${code(n)},"pre,a,3,North,m1`);
    const all = run(csv([...quotes, ...Array.from({ length: 40 }, (_, n) => row(20_000 + n))]));
    expect(all.counts).toMatchObject({ csvRows: 20_040, csvRowsRejected: 20_000, imported: 40 });
  });

  it('is left out of the questionnaires a file is counted for, and the rows after it are counted', () => {
    const rows = Array.from({ length: 60 }, (_, n) => `${row(n)},tiny,1.0.0`);
    const text = `${header},instrument,instrument_version\n${rows.with(1, `${code(1)},"pre,a,2,North,m1,tiny,1.0.0`).join('\n')}\n`;
    expect(listInstruments([{ name: 'f.csv', text }])).toEqual([{ id: 'tiny', version: '1.0.0', hash: null, records: 59 }]);
  });
});

describe('parseCsvChunks', () => {
  const rand = seededRandom(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  /** What a reader is given: per chunk, its rows, and per row its note (an error's code, or the unclosed quote). */
  function ours(text: string, delimiter: string, options: Parameters<typeof parseCsvChunks>[2] = {}) {
    const chunks: { rows: string[][]; notes: [number, string | RowNote][] }[] = [];
    parseCsvChunks(text, delimiter, options, (rows, notes) => {
      chunks.push({ rows, notes: [...notes].map(([r, n]) => [r, 'code' in n ? n.code : n]) });
      return true;
    });
    return chunks;
  }

  /** The same from Papa.parse: its chunks' rows, and the first error of each row in them. */
  function papa(text: string, delimiter: string) {
    const chunks: { rows: string[][]; notes: [number, string | RowNote][] }[] = [];
    Papa.parse<string[]>(text, {
      delimiter,
      newline: '\n',
      chunkSize: CSV_CHUNK_SIZE,
      complete: () => undefined,
      chunk: (result: Papa.ParseResult<string[]>) => {
        const notes = new Map<number, string>();
        for (const e of result.errors) if (e.row !== undefined && e.row < result.data.length && !notes.has(e.row)) notes.set(e.row, e.code);
        chunks.push({ rows: result.data, notes: [...notes] });
      },
    });
    return chunks;
  }

  /** A random CSV text with quotes: quoted values with delimiters, line breaks and doubled quotes, stray quotes. */
  function text(d: string, rows: number): string {
    const value = () =>
      pick([
        'x',
        '',
        ' y ',
        'MA-07-SA-2',
        '3',
        `"a${d}b"`,
        '"North\nsite"',
        '"say ""hi"""',
        '"x"  ',
        '"q" ',
        `a"b`,
        '"',
        '"pre',
        '"North" site',
        '""',
        '"\n\n"',
      ]);
    const lines = Array.from({ length: rows }, () => Array.from({ length: 1 + Math.floor(rand() * 5) }, value).join(d));
    return (rand() < 0.2 ? '\ufeff' : '') + lines.join('\n') + (rand() < 0.5 ? '\n' : '');
  }

  it('gives the chunks, rows and errors Papa.parse gives, stray quotes included, when no quote is cut short', () => {
    for (let t = 0; t < 300; t++) {
      const d = pick([',', ';', '\t']);
      const big = t % 150 === 0;
      const s = text(d, big ? 250_000 : 1 + Math.floor(rand() * 30));
      if (big) expect(s.length).toBeGreaterThan(2 * CSV_CHUNK_SIZE);
      expect(ours(s, d)).toEqual(papa(s, d));
    }
  });

  it('gives the same with a limit on values when every value is within it', () => {
    for (let t = 0; t < 3; t++) {
      // Quoted values with line breaks, doubled quotes and delimiters, each row closed; chunk ends fall inside them.
      const d = pick([',', ';', '\t']);
      const lines = Array.from({ length: 70_000 }, (_, n) => [code(n), `"North${d}\n""site"""`, pick(['"a\n\nb"', 'x', '']), String(n % 5)].join(d));
      const s = lines.join('\n');
      expect(s.length).toBeGreaterThan(2 * CSV_CHUNK_SIZE);
      const chunks = ours(s, d, { headerRows: 1, maxStringChars: 1_000 });
      expect(chunks).toEqual(papa(s, d));
      expect(chunks.length).toBeGreaterThan(2);
    }
  });

  it('cuts short only a value of a data row in a checked column; the lines after it are read as papaparse reads them', () => {
    const lines = 'x\n'.repeat(600);
    const after = 'a,b,c\nd,"e\nf",g\n';
    const options = { headerRows: 1, maxStringChars: 1_000, checked: [0, 2] };
    // Lines 2–602: a row whose column 2 (not checked) holds 1,200 characters over 601 lines; line 603 opens a
    // quote in column 3 that is never closed: that row ends with line 603, and line 604 is read as a row.
    const s = `h1,h2,h3\n1,"${lines}",3\n4,5,"${lines}${after}`;
    const [chunk, ...more] = ours(s, ',', options);
    expect(more).toEqual([]);
    expect(chunk!.notes).toEqual([[2, { column: 2, openLine: 603 }]]);
    expect(chunk!.rows).toEqual([['h1', 'h2', 'h3'], ['1', lines, '3'], ['4', '5', 'x'], ...papa(`${'x\n'.repeat(599)}${after}`, ',')[0]!.rows]);
    // Header rows are not cut short, nor is anything without a limit.
    const header = `"${lines}",h2\n1,2\n`;
    expect(ours(header, ',', options)).toEqual(papa(header, ','));
    expect(ours(s, ',')).toEqual(papa(s, ','));
  });
});

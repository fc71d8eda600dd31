// The import's fast paths give what the general paths give: the quick record test never vouches for a
// record the schema refuses, and unquoted CSV rows are read exactly as papaparse reads them (the same
// rows, line numbers and chunks), and a long CSV read in place is imported as if papaparse had read it.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { CSV_CHUNK_SIZE, HEAD_CHARS, openCsv, readCsvRows } from '../../../src/lib/import/csv-rows.ts';
import { PIECE_BYTES, plainPieces, type ByteChunks } from '../../../src/lib/import/text-pieces.ts';
import { ImportContext } from '../../../src/lib/import/import-context.ts';
import { importedInstruments, importFiles, listInstruments } from '../../../src/lib/import/import.ts';
import { isPlainValidRecord } from '../../../src/lib/import/record-precheck.ts';
import { resultRecordSchema } from '../../../src/lib/records/record-schema.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';
import { code, makeRecord } from '../../fixtures/evaluator/records.ts';
import { shippedInstrument, tinyInstrument } from '../../fixtures/instruments.ts';
import { redcapExport } from '../../fixtures/exports/other-systems.ts';
import { piecesOf, reusedBufferChunks, TEST_UTF8 } from '../../fixtures/text-pieces.ts';

const tiny = tinyInstrument();
const rand = seededRandom(12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

describe('the quick record test', () => {
  const base = makeRecord(tiny, { participant: 'MA-07-SA-2' });
  const odd: unknown[] = [
    null,
    '',
    'x',
    'x'.repeat(41),
    'x'.repeat(101),
    'x'.repeat(421),
    0,
    1,
    2,
    3,
    1.5,
    -1,
    true,
    [],
    {},
    [1],
    'pre',
    'then',
    'Pre',
    '2026-02-29T10:00:00Z',
    '2024-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T10:00:00.123456+02:00',
    '2026-11-26T10:00Z',
    '2026-11-26 10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-11-26T10:00:00+24:00',
    'a'.repeat(64),
    'A'.repeat(64),
    { id: 'x', version: '1', hash: 'a'.repeat(64) },
    { id: '', version: '1', hash: 'a'.repeat(64) },
    { a: null, b: 3 },
    { a: 2.5 },
    { a: 'x'.repeat(101) },
    { a: '3' },
    ['mutual-support-basics'],
    [''],
    Array.from({ length: 21 }, () => 'm'),
    { 'k-1': 'a'.repeat(64) },
    { 'k-1': 'A'.repeat(64) },
    { ['k'.repeat(101)]: 'a'.repeat(64) },
  ];
  const keys = [...Object.keys(base), 'modules', 'knowledge', 'knowledgeHashes', 'extra'];

  it('vouches for the usual record', () => {
    expect(isPlainValidRecord(JSON.parse(JSON.stringify(base)))).toBe(true);
  });

  it('vouches for a record with knowledge answers, their hashes and the modules of an assignment', () => {
    const r = { ...JSON.parse(JSON.stringify(base)), knowledge: { 'k-1': 2, 'k-2': null }, knowledgeHashes: { 'k-1': 'b'.repeat(64) }, modules: ['a', 'b'] };
    expect(isPlainValidRecord(r)).toBe(true);
    expect(r).toStrictEqual(resultRecordSchema.parse(r));
  });

  it('never vouches for a record the schema refuses', () => {
    let vouched = 0;
    for (let t = 0; t < 5_000; t++) {
      const r = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      for (let i = Math.floor(rand() * 3); i > 0; i--) r[pick(keys)] = structuredClone(pick(odd));
      const inside = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
      if (rand() < 0.3) Object.assign(inside(r.responses) ?? {}, { [pick(['q1', 'zz'])]: structuredClone(pick(odd)) });
      if (rand() < 0.3) Object.assign(inside(r.demographics) ?? {}, { [pick(['a', 'b'])]: structuredClone(pick(odd)) });
      if (!isPlainValidRecord(r)) continue;
      vouched++;
      const parsed = resultRecordSchema.safeParse(r);
      expect(parsed.success, JSON.stringify(r)).toBe(true);
      // And reads as the schema's copy would: no field the schema drops (a name, say) travels on.
      expect(r, JSON.stringify(r)).toStrictEqual(parsed.data);
    }
    expect(vouched).toBeGreaterThan(100);
  });
});

describe('unquoted CSV rows', () => {
  /** Every row readCsvRows hands over, with its line, and the rows given to beforeChunk. */
  function readAll(text: string, headerRows: number) {
    const ctx = new ImportContext(tiny, instrumentFingerprint(tiny), 1, {});
    ctx.beginFile('f.csv');
    const csv = openCsv(text, headerRows);
    const rows: [number, string[]][] = [];
    const chunks: string[][][] = [];
    readCsvRows(
      ctx,
      'f.csv',
      csv,
      { headerRows, fields: csv.head[0] ?? [] },
      {
        beforeChunk: (chunk) => chunks.push(chunk.map((r) => [...r])),
        read: (row, where) => void rows.push([where.line!, [...row]]),
        rowError: (where, message) => void rows.push([where.line!, [`error: ${message}`]]),
        newRecordsLeft: () => Infinity,
      },
    );
    return { rows, chunks, delimiter: csv.delimiter };
  }

  /** The same from papaparse itself: its rows and chunks, blank rows and header rows left out. */
  function papa(text: string, delimiter: string, headerRows: number) {
    const rows: [number, string[]][] = [];
    const chunks: string[][][] = [];
    let line = 0;
    Papa.parse<string[]>(text, {
      delimiter,
      newline: '\n',
      chunkSize: CSV_CHUNK_SIZE,
      complete: () => undefined,
      chunk: (result: Papa.ParseResult<string[]>) => {
        chunks.push(result.data.slice(Math.max(0, headerRows - line)));
        for (const row of result.data) {
          line++;
          if (line <= headerRows || row.every((v: string) => v.trim() === '')) continue;
          rows.push([
            line,
            row.length === 3
              ? row
              : [
                  `error: ${row.length < 3 ? 'this row cannot be read: it has fewer fields than the header' : 'this row cannot be read: it has more fields than the header (an unquoted comma or semicolon in a value?)'}`,
                ],
          ]);
        }
      },
    });
    return { rows, chunks };
  }

  it('are the rows, lines and chunks papaparse gives', () => {
    for (let t = 0; t < 30; t++) {
      const d = pick([',', ';', '\t']);
      const big = t % 10 === 0;
      const lines = ['a,b,c'.replaceAll(',', d)];
      for (let i = big ? 120_000 : Math.floor(rand() * 40); i > 0; i--) {
        const n = rand() < 0.1 ? Math.floor(rand() * 5) : 3;
        lines.push(Array.from({ length: n }, () => pick(['x', '', ' y ', 'MA-07-SA-2', '1', '  '])).join(d));
      }
      const text = lines.join('\n') + (rand() < 0.5 ? '\n' : '');
      const headerRows = pick([1, 1, 2]);
      const ours = readAll(text, headerRows);
      expect(ours.delimiter).toBe(d);
      const theirs = papa(text, d, headerRows);
      expect(ours.rows).toEqual(theirs.rows);
      expect(ours.chunks).toEqual(theirs.chunks);
    }
  }, 60_000);
});

describe('a long CSV without quotes', () => {
  const shipped = shippedInstrument();
  const hash = instrumentFingerprint(shipped);
  const items = shipped.items.map((i) => i.id);
  const background = shipped.demographics;

  /**
   * Rows of a long CSV, in runs of rows per record, with mistakes of every kind among them; with `kinds`, a
   * participant_kind column (code, id, empty, or neither) as the evaluator's own export writes it; with a
   * column `order`, the values in that order (the header's), and with `note`, a column the import does not use.
   */
  function longCsvRows(d: string, rows: number, kinds: boolean, order: readonly number[], note: boolean): string[] {
    const lines: string[] = [];
    const people = ['MA-07-SA-2', 'ma-07-sa-2', 'JO-11-KL-4', 'K016', 'XX', '', ' MA-07-SA-2 ', 'R_1abc'];
    while (lines.length < rows) {
      // Half the records as most files have them (a valid code, pre or post, the questionnaire imported),
      // whose rows the fast paths take; the others anyhow.
      const usual = rand() < 0.5;
      const who = usual ? code(Math.floor(rand() * 50)) : pick(people);
      const tp = usual ? pick(['pre', 'post']) : pick(['pre', 'pre', 'post', 'PRE', ' post', 'later', '']);
      const cohort = usual ? pick(['', 'spring']) : pick(['', 'spring', "'=HYPERLINK()", 'a'.repeat(90)]);
      const inst = usual
        ? ['msg-attitudes', '1.0.0']
        : pick([
            ['msg-attitudes', '1.0.0'],
            ['msg-attitudes', '1.0.0'],
            ['msg-attitudes', '9.9.9'],
            ['other', ''],
            ['', ''],
          ]);
      const kind = kinds ? [pick(['code', 'code', 'id', 'id', '', 'ID', ' code ', 'x'])] : [];
      // Often the questionnaire's next item, or its next background question (a record's rows in order: the
      // usual rows, kept without a string).
      let next = Math.floor(rand() * items.length);
      let nextBackground = usual ? 0 : Math.floor(rand() * background.length);
      // A usual record's rows: its items from one of them on, then its background questions from the first.
      const itemRows = usual ? Math.floor(rand() * 8) : 0;
      const count = usual ? itemRows + Math.floor(rand() * (background.length + 2)) : Math.floor(rand() * 12);
      for (let i = 0; i < count; i++) {
        // (r: below 0.4 the next item, 0.6 to 0.85 the next background question; a usual row now and then anything.)
        const r = !usual || rand() < 0.1 ? rand() : i < itemRows ? rand() * 0.4 : 0.6 + rand() * 0.25;
        const question = r >= 0.6 && r < 0.85 ? background[nextBackground++ % background.length]! : pick(background);
        const item =
          r < 0.4
            ? items[next++ % items.length]!
            : r < 0.6
              ? pick(items)
              : r < 0.9
                ? `demo:${question.id}`
                : pick(['', ' x ', 'demo:nope', 'unknown-item', pick(items).toUpperCase()]);
        const option = pick(question.options).value;
        const value = item.startsWith('demo:')
          ? usual && rand() < 0.7
            ? option
            : pick([option, 'NA', 'na', '', 'zzz', ` ${option}`, `${option} `, option.toUpperCase(), option.slice(0, -1), `${option}x`])
          : // (P to S: one character 32 to 35 past "0", whose bit in a 32-bit mask would be a digit's.)
            pick(['1', '2', '3', '4', '5', '3', '4', '3.0', '+2', 'NA', 'na', '', '9', '0', 'x', ' 3', '-1', '٣', 'P', 'Q', 'R', 'S']);
        const values = [who, tp, item, value, cohort, pick(['m', 'm', '']), ...inst, ...kind, ...(note ? [pick(['', 'n'])] : [])];
        let row = order.map((i) => values[i]!);
        const odd = rand();
        if (odd < 0.02) row = row.slice(0, 3);
        else if (odd < 0.04) row = [...row, 'extra'];
        else if (odd < 0.05) row = row.map(() => pick(['', ' ']));
        // (Else now and then one delimiter of the row is some other character: two values read as one.)
        const changed = odd >= 0.06 && odd < 0.12 ? 1 + Math.floor(rand() * (row.length - 1)) : -1;
        const joined = row.map((v, i) => (i === 0 ? v : `${i === changed ? pick(['x', ' ', '|']) : d}${v}`)).join('');
        lines.push(odd >= 0.05 && odd < 0.06 ? pick(['', ' ', '\t x']) : joined);
      }
    }
    return lines;
  }

  /**
   * Rows, then blank rows to past the first chunk (whose rows decide the kind of participant id and are
   * read as they are), then rows that may be read in place.
   */
  function longCsv(d: string): string {
    const kinds = rand() < 0.5;
    const note = rand() < 0.2;
    const columns = [
      'participant',
      'timepoint',
      'item',
      'value',
      'cohort',
      'module',
      'instrument',
      'instrument_version',
      ...(kinds ? ['participant_kind'] : []),
      ...(note ? ['note'] : []),
    ];
    // Mostly the usual order; else the columns shuffled (the key columns then lie in other runs).
    const order = columns.map((_, i) => i);
    if (rand() < 0.3) order.sort(() => rand() - 0.5);
    const header = order.map((i) => columns[i]!);
    const blank = d.repeat(header.length - 1);
    const filler = Array.from({ length: Math.ceil(CSV_CHUNK_SIZE / (blank.length + 1)) }, () => blank);
    const lines = [
      header.join(d),
      ...longCsvRows(d, Math.floor(rand() * 100), kinds, order, note),
      ...filler,
      ...longCsvRows(d, 20 + Math.floor(rand() * 600), kinds, order, note),
    ];
    return lines.join('\n') + (rand() < 0.5 ? '\n' : '');
  }

  it('is imported as when papaparse reads it: the same records, problems and counts', () => {
    for (let t = 0; t < 30; t++) {
      const d = pick([',', ';', '\t', '-', ':']);
      // A hyphen (Excel's sep= line names it) is in every item id and code: the row layout is then not used.
      // A colon is in every background row's item (demo:id).
      const sep = d === '-' || d === ':' ? `sep=${d}\n` : '';
      const body = longCsv(d);
      const text = sep + body;
      // A quoted header name sends the whole file through papaparse (parseCsvChunks, which gives the rows and
      // chunks of Papa.parse itself: unclosed-quotes.test.ts), and reads as the same name.
      const first = body.slice(0, body.search(/[,;\t\n:-]/));
      const quoted = `${sep}"${first}"${body.slice(first.length)}`;
      // Lines are some 60 characters long: a limit of 80 leaves most to be read in place, but not the 90 a's.
      const limits = {
        maxStringChars: pick([12, 80, 80, 1000]),
        maxCsvRows: pick([200, 1_000_000, 1_000_000]),
        maxRecordsTotal: pick([30, 1_000_000, 1_000_000]),
      };
      const ours = importFiles([{ name: 'f.csv', text }], shipped, hash, { limits });
      const theirs = importFiles([{ name: 'f.csv', text: quoted }], shipped, hash, { limits });
      expect(ours.counts.csvRows).toBeGreaterThan(0);
      expect(ours).toStrictEqual(theirs);
    }
  }, 60_000);

  it('is imported from its pieces (a large file the CLI reads in chunks) as from its whole text, and names the same questionnaires', () => {
    for (let t = 0; t < 20; t++) {
      const d = pick([',', ';', '\t']);
      // Excel's sep= line and a byte order mark, sometimes; lines past 64 KB and pieces cut anywhere.
      const sep = rand() < 0.3 ? `sep=${d}\n` : '';
      const text = sep + longCsv(d);
      const bom = rand() < 0.3 ? '\ufeff' : '';
      const limits = { maxStringChars: pick([12, 80, 1000, 100_000]), maxCsvRows: pick([200, 1_000_000]), maxRecordsTotal: pick([30, 1_000_000]) };
      const size = pick([() => 1 + Math.floor(rand() * 200_000), () => 1 << 20, () => 4096]);
      const pieces = piecesOf(bom + text, size);
      expect(pieces).not.toBeNull();
      const whole = importFiles([{ name: 'f.csv', text: bom + text }], shipped, hash, { limits });
      const inPieces = importFiles([{ name: 'f.csv', text: '', pieces: pieces! }], shipped, hash, { limits });
      expect(whole.counts.csvRows).toBeGreaterThan(0);
      expect(inPieces).toStrictEqual(whole);
      for (const firstChars of [undefined, 1 << 20, 5000]) {
        expect(listInstruments([{ name: 'f.csv', text: '', pieces: pieces! }], { firstChars })).toStrictEqual(
          listInstruments([{ name: 'f.csv', text: bom + text }], { firstChars }),
        );
      }
    }
  }, 120_000);

  it('gives the text after the last line break to the chunk that reaches the end, wherever it crosses a chunk boundary (as papaparse does)', () => {
    // One id from another system in the first chunk, then a code: in the same chunk, the code would have
    // half the distinct ids and the file would be read as one of codes. Two spaces after "participant":
    // the length of the quoted name, so that both texts' chunks end alike.
    const header = 'participant  ,timepoint,item,value';
    const tail = `MA-07-SA-2,post,${items[1]},3`;
    // The tail begins at the chunk's end, crosses it, or ends at it; and a last line that ends with a break.
    for (const [before, end] of [
      [0, ''],
      [5, ''],
      [tail.length, ''],
      [5, '\n'],
    ] as const) {
      const lines = [header];
      let length = header.length + 1;
      for (let n = 0; ; n++) {
        const row = `R_1abc,pre,${items[n % items.length]},3`;
        if (length + row.length + 1 > CSV_CHUNK_SIZE - before) break;
        lines.push(row);
        length += row.length + 1;
      }
      // Blank lines to bring the tail's start to `before` characters short of the first chunk's end.
      const head = `${lines.join('\n')}\n${'\n'.repeat(CSV_CHUNK_SIZE - before - length)}`;
      expect(head.length).toBe(CSV_CHUNK_SIZE - before);
      const text = head + tail + end;
      const ours = importFiles([{ name: 'f.csv', text }], shipped, hash);
      const theirs = importFiles([{ name: 'f.csv', text: `"participant"${text.slice('participant  '.length)}` }], shipped, hash);
      expect(ours.records.some((r) => JSON.stringify(r).includes('MA-07-SA-2'))).toBe(true);
      expect(ours).toStrictEqual(theirs);
      for (const size of [() => 1 << 20, () => 4096])
        expect(importFiles([{ name: 'f.csv', text: '', pieces: piecesOf(text, size)! }], shipped, hash)).toStrictEqual(ours);
    }
  }, 120_000);

  it('names the same questionnaires from pieces as from the whole text, wherever the first characters looked at end', () => {
    const header = 'participant,timepoint,item,value,instrument,instrument_version';
    const rows = Array.from({ length: 3000 }, (_, n) => `R_${n},pre,${items[n % items.length]},3,msg-attitudes,${n % 7 === 0 ? '9.9.9' : shipped.version}`);
    // Excel's sep= line, short or as long as it may be (the delimiter repeated), and none.
    for (const sep of ['', 'sep=,\n', `sep=${','.repeat(190)}\n`]) {
      const text = `${sep}${header}\n${rows.join('\n')}\n`;
      const pieces = piecesOf(text, () => 4096)!;
      for (const near of [PIECE_BYTES, HEAD_CHARS, 2 * PIECE_BYTES])
        for (let back = -3; back <= 206; back += back < 8 || back > 190 ? 1 : 37) {
          const firstChars = near - back;
          const cut = { whole: 0, pieces: 0 };
          const whole = listInstruments([{ name: 'f.csv', text }], { firstChars, onCut: () => cut.whole++ });
          const inPieces = listInstruments([{ name: 'f.csv', text: '', pieces }], { firstChars, onCut: () => cut.pieces++ });
          expect(inPieces).toStrictEqual(whole);
          expect(cut.pieces).toBe(cut.whole);
        }
    }
  }, 120_000);

  it('reads a file that begins with more than a piece of blank lines from its pieces as from its whole text', () => {
    const body = [
      'participant,timepoint,item,value,instrument,instrument_version',
      ...Array.from({ length: 400 }, (_, n) => `R_${n},pre,${items[n % items.length]},3,msg-attitudes,${shipped.version}`),
      `R_x,post,${items[0]},3,${'a'.repeat(PIECE_BYTES + 10)},${shipped.version}`,
      ...Array.from({ length: 400 }, (_, n) => `R_${n},post,${items[n % items.length]},4,msg-attitudes,${shipped.version}`),
    ].join('\n');
    for (const lead of ['\n'.repeat(65_500), ' \n'.repeat(40_000), '\n'.repeat(PIECE_BYTES + 3)]) {
      const text = `${lead}${body}\n`;
      const pieces = piecesOf(text, () => 1 << 20)!;
      const whole = importFiles([{ name: 'f.csv', text }], shipped, hash);
      // A header below blank lines is not found, in either (the file is refused and says why).
      expect(whole.counts.filesRejected).toBe(1);
      expect(importFiles([{ name: 'f.csv', text: '', pieces }], shipped, hash)).toStrictEqual(whole);
      for (const firstChars of [undefined, 1000, 200_000])
        expect(listInstruments([{ name: 'f.csv', text: '', pieces }], { firstChars })).toStrictEqual(
          listInstruments([{ name: 'f.csv', text }], { firstChars }),
        );
    }
  }, 120_000);

  it('lets go of the file read in pieces when the import stops early', () => {
    const text = `participant,timepoint,item,value\n${Array.from({ length: 60_000 }, (_, n) => `R_${n},pre,${items[n % items.length]},3`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const readings = { opened: 0, closed: 0 };
    const chunks = reusedBufferChunks(bytes, () => 64 * 1024);
    const counted: ByteChunks = function* () {
      readings.opened++;
      try {
        yield* chunks();
      } finally {
        readings.closed++;
      }
    };
    const pieces = plainPieces('f.csv', counted, TEST_UTF8)!;
    const stopped = importFiles([{ name: 'f.csv', text: '', pieces }], shipped, hash, { limits: { maxCsvRows: 100 } });
    expect(stopped.problems.some((p) => p.message.includes('the limit per file'))).toBe(true);
    expect(readings.opened).toBeGreaterThan(1);
    expect(readings.closed).toBe(readings.opened);
  });
});

describe('the questionnaires an import names, by records (importedInstruments)', () => {
  const shipped = shippedInstrument();
  const hash = instrumentFingerprint(shipped);
  const row = (p: number, item: string, version: string) => `${code(p)},pre,${item},3,msg-attitudes,${version}`;

  it('counts records, not rows: a few long records of one version against many short ones of another', () => {
    // 4 people answering every item on version "9.9.9", 10 answering 2 items each on the version imported.
    const long = Array.from({ length: 4 }, (_, p) => shipped.items.map((it) => row(p, it.id, '9.9.9')).join('\n'));
    const short = Array.from({ length: 10 }, (_, p) =>
      shipped.items
        .slice(0, 2)
        .map((it) => row(100 + p, it.id, shipped.version))
        .join('\n'),
    );
    const files = [{ name: 'mixed.csv', text: `participant,timepoint,item,value,instrument,instrument_version\n${[...long, ...short].join('\n')}\n` }];
    // listInstruments counts rows: the other version looks the larger.
    const rows = listInstruments(files);
    expect(rows.find((r) => r.version === '9.9.9')!.records).toBe(4 * shipped.items.length);
    expect(rows.find((r) => r.version === shipped.version)!.records).toBe(20);
    const imported = importFiles(files, shipped, hash);
    expect(importedInstruments(imported)).toEqual([
      { id: 'msg-attitudes', version: shipped.version, hash: null, records: 10 },
      { id: 'msg-attitudes', version: '9.9.9', hash: null, records: 4 },
    ]);
  });

  it('does not count REDCap or Qualtrics records, which name no questionnaire, for the one they were read as', () => {
    const people = Array.from({ length: 5 }, (_, i) => ({ recordId: `R${i}`, events: { baseline_arm_1: 0 } }));
    const files = [
      { name: 'redcap.csv', text: redcapExport(shipped, people) },
      {
        name: 'other.csv',
        text: `participant,timepoint,item,value,instrument,instrument_version\n${code(1)},pre,${shipped.items[0]!.id},3,msg-attitudes,9.9.9\n`,
      },
    ];
    const imported = importFiles(files, shipped, hash, { redcapEvents: { baseline_arm_1: 'pre' } });
    expect(imported.counts.imported).toBe(5);
    expect(importedInstruments(imported)).toEqual([{ id: 'msg-attitudes', version: '9.9.9', hash: null, records: 1 }]);
  });

  it('names records without a version as such, and none when nothing was imported', () => {
    const files = [{ name: 'nov.csv', text: `participant,timepoint,item,value,instrument\n${code(1)},pre,${shipped.items[0]!.id},3,other\n` }];
    expect(importedInstruments(importFiles(files, shipped, hash))).toEqual([{ id: 'other', version: '', hash: null, records: 1 }]);
  });
});

// Records from xAPI statements, and pulling them from an LRS that follows the xAPI statement resource:
// a local endpoint with `more` paging, the version header, and 401 on bad credentials.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordStatement } from '../../../src/lib/scorm-cmi5/cmi5-statements.ts';
import { VOIDED_VERB } from '../../../src/lib/records/xapi-vocabulary.ts';
import { isStatementData, StatementLedger, StatementRecordReader, statementsIn } from '../../../src/lib/import/xapi.ts';
import { pullRecordFiles } from '../../../src/lib/import/lrs-client.ts';
import { LrsError, MAX_EMPTY_PAGES, MAX_MORE_CHARS, moreLinkAtEnd, statementPages } from '../../../src/lib/import/lrs-paging.ts';
import { RECORD_EXTENSION } from '../../../src/lib/records/xapi-vocabulary.ts';
import { attemptRecords } from '../../../src/lib/learner/learner-state.ts';
import { MODULE, moduleDictionary, moduleState } from '../../fixtures/lms/course.ts';
import { startStatementServer, type StatementServer } from '../../fixtures/lrs/statement-server.ts';
import { hash as digest } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../src/lib/import/limits.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { parseInstrument } from '../../../src/lib/instrument/load.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { newestInstrument } from '../../../src/cli/instrument.ts';
import { analyze } from '../../../src/lib/analysis/report.ts';
import { exportReportTablesCsv } from '../../../src/lib/analysis/export-csv.ts';
import { renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import type { ImportResult } from '../../../src/lib/import/import-types.ts';
import type { ResultRecord } from '../../../src/lib/records/result-record.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';
import { makeRecord } from '../../fixtures/evaluator/records.ts';

const ctx = {
  actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u1' } },
  activityId: 'https://lms.example/au/1',
  registration: '6f1d4c9a-2b7e-4f3a-9c1d-8e5b2a7f0c34',
  contextTemplate: {},
};
const records = attemptRecords(moduleState(moduleDictionary()).learner.units[MODULE]!.current);
const statements = records.map((r, i) => recordStatement(ctx, r, `00000000-0000-4000-8000-00000000000${i}`));
const answered = { id: '00000000-0000-4000-8000-0000000000aa', actor: ctx.actor, verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { id: 'x' } };

describe('records from statements', () => {
  const shipped = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
  const shippedHash = instrumentFingerprint(shipped);
  /** The records an import of these statements (as one file) keeps, as the checksums they were signed with. */
  const imported = (list: unknown[]) => importFiles([{ name: 'statements.json', text: JSON.stringify(list) }], shipped, shippedHash);
  const said = (r: ImportResult) => r.problems.find((p) => p.message.startsWith('read as xAPI statements'))?.message;

  it('takes each whole record out, exactly as signed', () => {
    const r = imported([answered, ...statements]);
    expect(r.records.map((x) => [x.checksum, x.signature, x.statement])).toEqual(records.map((x, i) => ['valid', x.checksum, statements[i]!.id]));
    expect(r.records.map((x) => x.responses)).toEqual(records.map((x) => x.responses));
    expect(said(r)).toBe('read as xAPI statements: 3 statements, 2 carrying a result record; 1 other statements (single answers, progress…) not needed');
  });

  it('counts a statement id once and leaves voided statements out, as xAPI says', () => {
    const voiding = {
      id: '00000000-0000-4000-8000-0000000000bb',
      actor: ctx.actor,
      verb: { id: VOIDED_VERB },
      object: { objectType: 'StatementRef', id: statements[0]!.id },
    };
    const r = imported([...statements, statements[1]!, voiding]);
    expect(r.records.map((x) => x.signature)).toEqual([records[1]!.checksum]);
    expect(said(r)).toBe(
      'read as xAPI statements: 4 statements, 1 carrying a result record; 1 repeated (counted once); 1 voided (left out); 1 voiding another statement',
    );
    expect(r.counts).toMatchObject({ recordsRead: 1, imported: 1, identicalCopies: 0, errors: 0 });
  });

  it("reads batch by batch (an LRS's pages): a voiding statement holds for later batches; the records' ids go with them, for the import to count once", () => {
    const reader = new StatementRecordReader();
    const voiding = {
      id: '00000000-0000-4000-8000-0000000000dd',
      actor: ctx.actor,
      verb: { id: VOIDED_VERB },
      object: { objectType: 'StatementRef', id: statements[1]!.id },
    };
    expect(reader.read([statements[0]!, voiding])).toMatchObject({ records: [records[0]], statementIds: [statements[0]!.id], ids: [statements[0]!.id] });
    // The record's id is counted once by the import (which compares the records): the reader passes it on.
    expect(reader.read([statements[0]!, statements[1]!]).ids).toEqual([statements[0]!.id]);
    expect(reader.counts).toEqual({ statements: 4, duplicates: 0, voided: 1, voiding: 1, otherStatements: 0 });
  });

  it('reads an array of statements, one page, or an array of pages; records are not statements', () => {
    expect(statementsIn(statements)).toHaveLength(2);
    expect(statementsIn({ statements, more: '' })).toHaveLength(2);
    expect(statementsIn([{ statements: [statements[0]] }, { statements: [statements[1]], more: '' }])).toHaveLength(2);
    expect(isStatementData(statements)).toBe(true);
    expect(isStatementData({ statements: [] })).toBe(true);
    expect(isStatementData(records)).toBe(false);
    expect(isStatementData(records[0])).toBe(false);
  });
});

describe('importing a file of statements', () => {
  it('imports the records the statements carry, checksums valid, and says what it read', () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const voiding = {
      id: '00000000-0000-4000-8000-0000000000cc',
      actor: ctx.actor,
      verb: { id: VOIDED_VERB },
      object: { objectType: 'StatementRef', id: 'nothing-here' },
    };
    const file = { name: 'lrs-export.json', text: JSON.stringify({ statements: [answered, ...statements, statements[0], voiding], more: '' }) };
    const result = importFiles([file], inst, instrumentFingerprint(inst));
    expect(result.records.map((r) => [r.timepoint, r.checksum])).toEqual([
      ['pre', 'valid'],
      ['post', 'valid'],
    ]);
    expect(result.records[0]!.knowledge).toEqual(records[0]!.knowledge);
    expect(result.problems.map((p) => p.message).join(' ')).toMatch(/read as xAPI statements: 5 statements, 2 carrying a result record; 1 repeated/);
  });

  it('reads statements one per line (JSON Lines, .ndjson); a line that is not JSON is an error naming it, the rest are read', () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const text = [answered, statements[0]].map((s) => JSON.stringify(s)).join('\n') + '\n{"id": "cut off\r\n\n' + JSON.stringify(statements[1]) + '\n';
    const result = importFiles([{ name: 'lrs-export.ndjson', text }], inst, instrumentFingerprint(inst));
    expect(result.records.map((r) => [r.timepoint, r.checksum])).toEqual([
      ['pre', 'valid'],
      ['post', 'valid'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [undefined, expect.stringMatching(/^line 3 is not valid JSON, so it was not read \(/)],
    ]);
    expect(result.counts.filesRejected).toBe(0);
    // Records one per line too, numbered by their line (blank and broken lines counted); the text of a
    // broken line is not shown (it may hold a name).
    const text2 = [JSON.stringify(records[0]), '', 'Jane Doe,4', JSON.stringify({ ...records[1], responses: { nope: 3 } })].join('\r\n');
    const lines = importFiles([{ name: 'records.jsonl', text: text2 }], inst, instrumentFingerprint(inst));
    expect(lines.records.map((r) => r.record)).toEqual([1, 4]);
    expect(lines.problems.filter((p) => p.severity === 'error').map((p) => [p.record, p.message.slice(0, 40)])).toEqual([
      [undefined, 'line 3 is not valid JSON, so it was not '],
      [4, expect.any(String)],
    ]);
    expect(JSON.stringify(lines.problems)).not.toContain('Jane');
    const broken = importFiles([{ name: 'x.jsonl', text: '{"a": 1\n{"b": 2}\n' }], inst, instrumentFingerprint(inst));
    expect(broken.counts.filesRejected).toBe(1);
  });

  it('names the statement that carried a record with a problem (its id, when it is one as xAPI makes them)', () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const carrying = (id: string, record: unknown) => ({ ...statements[0], id, result: { extensions: { [RECORD_EXTENSION]: record } } });
    const edited = { ...records[1], responses: { nope: 3 } };
    const file = {
      name: 'lrs-export.json',
      text: JSON.stringify([
        answered,
        carrying('00000000-0000-4000-8000-0000000000DD', 'not a record'),
        statements[0],
        carrying('Jane Doe <jane@example.org>', edited),
      ]),
    };
    const result = importFiles([file], inst, instrumentFingerprint(inst));
    const errors = result.problems.filter((p) => p.severity === 'error');
    // record counts the records carried (the answered statement carries none); a statement id that is not a UUID is not shown
    expect(errors.map((p) => [p.record, p.statement])).toEqual([
      [1, '00000000-0000-4000-8000-0000000000DD'],
      [3, undefined],
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('Jane');
    const report = analyze(result, inst);
    expect(renderReportHtml(report, inst)).toContain('lrs-export.json record 1 (statement 00000000-0000-4000-8000-0000000000DD)');
    expect(exportReportTablesCsv(report)['problems.csv']).toContain('lrs-export.json,,1,00000000-0000-4000-8000-0000000000DD,error,');
  });

  it("names the statement of a record set aside as a duplicate, in the report's matching", () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const carrying = (id: string, record: unknown) => ({ ...statements[0], id, result: { extensions: { [RECORD_EXTENSION]: record } } });
    // The same learner's pre record twice, answered differently (not an identical copy): one is set aside.
    const again = { ...records[0]!, completedAt: '2020-01-01T00:00:00.000Z' };
    const file = { name: 'lrs-export.json', text: JSON.stringify([statements[0], carrying('00000000-0000-4000-8000-0000000000ab', again)]) };
    const report = analyze(importFiles([file], inst, instrumentFingerprint(inst)), inst);
    const set = report.matching.duplicates.flatMap((d) => [d.used, ...d.duplicates]);
    expect(set.map((r) => r.statement).sort()).toEqual(['00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-0000000000ab']);
  });

  it('holds the records statements carry to the limits on records per file and in all, as a list of records', () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const file = { name: 'page.json', text: JSON.stringify({ statements, more: '' }) };
    const perFile = importFiles([file], inst, instrumentFingerprint(inst), { limits: { maxRecordsPerFile: 1 } });
    expect(perFile.records).toEqual([]);
    expect(perFile.problems.find((p) => p.severity === 'error')?.message).toMatch(/^this file was not read: it holds more than 1 entries, the limit per file/);
    const inAll = importFiles([file, { ...file, name: 'page-2.json' }], inst, instrumentFingerprint(inst), { limits: { maxRecordsTotal: 3 } });
    expect(inAll.records).toHaveLength(2);
    expect(inAll.problems.find((p) => p.file === 'page-2.json' && p.severity === 'error')?.message).toMatch(/more than 3 records, the limit for one import/);
  });
});

describe('pulling from an LRS', () => {
  let lrs: StatementServer;
  let origin = '';
  let seen: string[] = [];
  beforeAll(async () => {
    // 5 statements, 2 per page; `more` relative to the host, as the xAPI statement resource serves it.
    const all = [answered, ...statements, ...statements].map((s, i) => ({ ...s, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
    lrs = await startStatementServer({
      statements: all,
      pageSize: 2,
      answer: (url) => (url.pathname === '/loop' ? { status: 200, body: JSON.stringify({ statements: [], more: '/loop' }) } : undefined),
    });
    origin = lrs.origin;
    seen = lrs.requests;
  });
  afterAll(() => lrs.close());

  it('follows more page by page and asks only for submitted statements about the activity', async () => {
    const pages: unknown[][] = [];
    for await (const page of statementPages({
      endpoint: `${origin}/xapi`,
      activity: ctx.activityId,
      since: '2026-01-01T00:00:00Z',
      key: 'key',
      secret: 'secret',
      limit: 2,
    }))
      pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const first = new URL(seen[0]!, origin);
    expect(first.pathname).toBe('/xapi/statements');
    expect(Object.fromEntries(first.searchParams)).toMatchObject({
      verb: 'http://activitystrea.ms/schema/1.0/submit',
      activity: ctx.activityId,
      related_activities: 'true',
      since: '2026-01-01T00:00:00Z',
      limit: '2',
    });
    // Imported as one file: four statements carry records, two of them the same records under other ids.
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const result = importFiles([{ name: 'pages.json', text: JSON.stringify(pages.flat()) }], inst, instrumentFingerprint(inst));
    expect(result.problems.find((p) => p.message.startsWith('read as xAPI'))?.message).toMatch(
      /^read as xAPI statements: 5 statements, 4 carrying a result record;/,
    );
    expect(result.counts).toMatchObject({ recordsRead: 4, imported: 2, identicalCopies: 2 });
  });

  it('keeps only the records, one import file per page, and they import exactly as signed', async () => {
    const pulled = await pullRecordFiles({ endpoint: `${origin}/xapi/`, activity: ctx.activityId, key: 'key', secret: 'secret', limit: 2 });
    expect(pulled).toMatchObject({ pages: 3, records: 4, counts: { statements: 5, duplicates: 0, otherStatements: 1 } });
    const host = new URL(origin).host;
    expect(pulled.files.map((f) => f.name)).toEqual([`LRS ${host}, page 1`, `LRS ${host}, page 2`, `LRS ${host}, page 3`]);
    expect(pulled.files[1]!.entries).toEqual([records[1], records[0]]);
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const result = importFiles(pulled.files, inst, instrumentFingerprint(inst));
    expect(result.records.map((r) => [r.timepoint, r.checksum])).toEqual([
      ['pre', 'valid'],
      ['post', 'valid'],
    ]);
    expect(result.counts).toMatchObject({ recordsRead: 4, imported: 2, identicalCopies: 2, errors: 0 });
    // The parsed records import exactly as the same records written out as a JSON file would, but that their
    // problems also name the statement that carried the record.
    const asText = pulled.files.map((f) => ({ name: f.name, text: JSON.stringify(f.entries) }));
    const pulledResult = importFiles(pulled.files, inst, instrumentFingerprint(inst));
    expect(pulledResult.problems.filter((p) => p.record !== undefined).every((p) => /^[0-9a-f-]{36}$/.test(p.statement!))).toBe(true);
    expect(pulledResult.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/^identical copy of .*, page 1 record 1 \(statement 0{8}-0{4}-4000-8000-0{11}1\)/),
    );
    const problems = pulledResult.problems.map(({ statement: _, ...p }) => ({ ...p, message: p.message.replace(/ \(statement [0-9a-f-]{36}\)/g, '') }));
    const pulledRecords = pulledResult.records.map(({ statement: _, ...r }) => r);
    expect(pulledResult.records.every((r) => /^[0-9a-f-]{36}$/.test(r.statement!))).toBe(true);
    // Counted as LRS pages, not as files given.
    expect(pulledResult.counts.lrsPages).toBe(3);
    const counts = { ...pulledResult.counts, lrsPages: 0 };
    expect({ ...pulledResult, counts, problems, records: pulledRecords }).toEqual(importFiles(asText, inst, instrumentFingerprint(inst)));
  });

  it('stops pulling pages once they hold more records than the import may take in all', async () => {
    const limits = { ...DEFAULT_LIMITS, maxRecordsTotal: 1 };
    const check = { sha256: (text: string) => digest('sha256', text, 'hex'), limits };
    const pulled = await pullRecordFiles({ endpoint: `${origin}/xapi/`, activity: ctx.activityId, key: 'key', secret: 'secret', limit: 2 }, 'LRS', check);
    // Page 1 holds one record (not over the limit), page 2 two more: page 3 is not fetched.
    expect(pulled).toMatchObject({ pages: 2, records: 3, stoppedAtLimit: true });
    const all = await pullRecordFiles({ endpoint: `${origin}/xapi/`, activity: ctx.activityId, key: 'key', secret: 'secret', limit: 2 }, 'LRS', {
      ...check,
      limits: DEFAULT_LIMITS,
    });
    expect(all).toMatchObject({ pages: 3, records: 4 });
    expect(all.stoppedAtLimit).toBeUndefined();
  });

  it('reads parsed records with the same checks and limits as a JSON file holding them', () => {
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const hash = instrumentFingerprint(inst);
    let deep: unknown = 1;
    for (let i = 0; i < 30; i++) deep = [deep];
    const entries = [
      records[0],
      { ...records[1], participant: 'x'.repeat(2_000) },
      { ...records[0], extra: deep },
      'not a record',
      { ...records[1], responses: { nope: 3 } },
    ];
    const files = [
      { name: 'page 1', text: '', entries },
      { name: 'page 2', text: '', entries: [records[0], records[1], records[0]] },
    ];
    const asText = files.map((f) => ({ name: f.name, text: JSON.stringify(f.entries) }));
    const limits = { maxRecordsPerFile: 2 };
    expect(importFiles(files, inst, hash)).toEqual(importFiles(asText, inst, hash));
    const limited = importFiles(files, inst, hash, { limits });
    expect(limited).toEqual(importFiles(asText, inst, hash, { limits }));
    expect(limited.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toContainEqual(
      expect.stringMatching(/not read: it holds more than 2 entries/),
    );
  });

  it('passes a hostile record on to the import, which names the page and the place on it', async () => {
    const hostile = {
      ...statements[0],
      id: '00000000-0000-4000-8000-0000000000ee',
      result: { extensions: { [RECORD_EXTENSION]: '=HYPERLINK("https://evil.example")' } },
    };
    const fake: typeof fetch = async () => new Response(JSON.stringify({ statements: [statements[0], hostile], more: '' }), { status: 200 });
    const pulled = await pullRecordFiles({ endpoint: 'https://lrs.example/xapi/', activity: 'a', key: 'k', secret: 's', fetch: fake });
    const inst = parseInstrument(readFileSync(newestInstrument(), 'utf8'), newestInstrument().split('/').pop()!);
    const result = importFiles(pulled.files, inst, instrumentFingerprint(inst));
    expect(result.counts).toMatchObject({ imported: 1, rejected: 1 });
    expect(result.problems).toContainEqual(
      expect.objectContaining({ file: 'LRS lrs.example, page 1', record: 2, statement: '00000000-0000-4000-8000-0000000000ee', severity: 'error' }),
    );
  });

  it('says the credentials were refused without ever showing them', async () => {
    const pull = async () => {
      for await (const _ of statementPages({ endpoint: `${origin}/xapi/`, activity: 'a', key: 'key', secret: 'wrong-secret-123' })) void _;
    };
    await expect(pull()).rejects.toThrow(LrsError);
    await expect(pull()).rejects.toThrow(/refused the credentials \(HTTP 401\): check LRS_KEY and LRS_SECRET/);
    await pull().catch((e: Error) => expect(e.message).not.toMatch(/wrong-secret|key:/));
    const inUrl = async () => {
      for await (const _ of statementPages({ endpoint: `http://user:pw@127.0.0.1:1/xapi/`, activity: 'a', key: 'k', secret: 's' })) void _;
    };
    await expect(inUrl()).rejects.toThrow(/not in the address/);
  });

  it('asks for the next page while this one is read, never more than one ahead; a failing next page stops the pull where it is reached', async () => {
    const asked: string[] = [];
    const fake: typeof fetch = async (url) => {
      asked.push(String(url));
      const n = Number(new URL(String(url)).searchParams.get('page') ?? 1);
      if (n === 3) return new Response('down for maintenance', { status: 503 });
      return new Response(JSON.stringify({ statements: [n], more: `/xapi/statements?page=${n + 1}` }), { status: 200 });
    };
    const pages = statementPages({ endpoint: 'https://lrs.example/xapi/', activity: 'a', key: 'k', secret: 's', fetch: fake });
    expect((await pages.next()).value).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toHaveLength(2); // page 2 is on its way; page 3 is not asked for until page 2 is taken
    expect((await pages.next()).value).toEqual([2]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // page 3 fails meanwhile: no unhandled rejection
    await expect(pages.next()).rejects.toThrow(/answered HTTP 503/);
    expect(asked).toHaveLength(3);
  });

  it('says why an LRS cannot be reached (fetch alone says only "fetch failed")', async () => {
    const closed = await startStatementServer({ statements: [], pageSize: 1 });
    await closed.close();
    const pull = async () => {
      for await (const _ of statementPages({ endpoint: closed.endpoint, activity: 'a', key: 'k', secret: 's' })) void _;
    };
    await expect(pull()).rejects.toThrow(/could not be reached \(fetch failed: ECONNREFUSED\)/);
  });

  it('stops on a more link that loops or leaves the host', async () => {
    const fake =
      (more: string): typeof fetch =>
      async () =>
        new Response(JSON.stringify({ statements: [], more }), { status: 200 });
    const run = async (more: string) => {
      for await (const _ of statementPages({ endpoint: 'https://lrs.example/xapi/', activity: 'a', key: 'k', secret: 's', fetch: fake(more) })) void _;
    };
    await expect(run('https://evil.example/steal')).rejects.toThrow(/another origin/);
    await expect(run('/xapi/statements?from=2')).rejects.toThrow(/same "more" link twice/);
  });
});

describe('asking for the next page early', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads the more link that ends a page without parsing it; none when it is empty, escaped or not last', () => {
    expect(moreLinkAtEnd(bytes('{"statements":[{"more":"/no"}],"more":"/xapi/statements?more=2"}\n'))).toBe('/xapi/statements?more=2');
    expect(moreLinkAtEnd(bytes('{"statements":[], "more" : "/p2" }'))).toBe('/p2');
    expect(moreLinkAtEnd(bytes('{"statements":[],"more":""}'))).toBeNull();
    expect(moreLinkAtEnd(bytes('{"statements":[],"more":"\\/xapi\\/statements?p=2"}'))).toBeNull();
    expect(moreLinkAtEnd(bytes('{"more":"/p2","statements":[]}'))).toBeNull();
    expect(moreLinkAtEnd(bytes('{"statements":[],"x":{"more":"/evil"}}'))).toBeNull();
  });

  it('asks for a page that a more link ends before parsing the page before; each page once, in order', async () => {
    const base = 'https://lrs.example/xapi/statements';
    const pages: Record<string, string> = {
      [`${base}?verb=${encodeURIComponent('http://activitystrea.ms/schema/1.0/submit')}`]: `{"statements":[1,2],"more":"/xapi/statements?p=2"}`,
      [`${base}?p=2`]: `{"more":"/xapi/statements?p=3","statements":[3]}`,
      [`${base}?p=3`]: `{"statements":[4],"more":""}`,
    };
    const log: string[] = [];
    const fetchPage = async (url: URL) => {
      const key = Object.keys(pages).find((k) => url.href.startsWith(k));
      log.push(`fetch ${key?.split('?')[1]?.slice(0, 3)}`);
      return { bytes: bytes(pages[key!]!), url };
    };
    const texts = Object.values(pages);
    const original = JSON.parse;
    const parse = vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (texts.includes(text)) log.push(`parse ${texts.indexOf(text) + 1}`);
      return original(text, reviver);
    });
    const seenPages: unknown[][] = [];
    try {
      for await (const page of statementPages({ endpoint: 'https://lrs.example/xapi/', activity: 'https://a.example/au', key: 'k', secret: 's' }, fetchPage)) {
        log.push(`page ${JSON.stringify(page)}`);
        seenPages.push(page);
      }
    } finally {
      parse.mockRestore();
    }
    expect(seenPages).toEqual([[1, 2], [3], [4]]);
    // Page 2 was asked for as soon as page 1 came (its link ends it); page 3 only once page 2 was parsed.
    expect(log).toEqual(['fetch ver', 'fetch p=2', 'parse 1', 'page [1,2]', 'parse 2', 'fetch p=3', 'page [3]', 'parse 3', 'page [4]']);
  });
});

describe('an LRS that misbehaves', () => {
  const query = { endpoint: 'https://lrs.example.org/xapi/', activity: 'https://example.org/course', key: 'k', secret: 's' };
  const drain = async (q: Parameters<typeof statementPages>[0]) => {
    let pages = 0;
    for await (const _ of statementPages(q)) pages++;
    return pages;
  };

  it(`is stopped after ${MAX_EMPTY_PAGES} empty pages in a row that each point to more (no endless paging)`, async () => {
    let asked = 0;
    const endless: typeof fetch = async () => {
      asked++;
      return new Response(JSON.stringify({ statements: [], more: `/xapi/statements?page=${asked}` }), { headers: { 'content-type': 'application/json' } });
    };
    await expect(drain({ ...query, fetch: endless })).rejects.toThrow(`${MAX_EMPTY_PAGES} empty pages in a row`);
    expect(asked).toBeLessThanOrEqual(MAX_EMPTY_PAGES + 2);
  });

  it('is stopped after its limit on pages, and at a "more" link too long to be one (every link followed is kept)', async () => {
    let asked = 0;
    const endless: typeof fetch = async () => {
      asked++;
      return new Response(JSON.stringify({ statements: [asked], more: `/xapi/statements?page=${asked}` }));
    };
    await expect(drain({ ...query, fetch: endless, maxPages: 5 })).rejects.toThrow(
      /^the LRS sent 5 pages and still pointed to more \(the last: https:\/\/lrs\.example\.org\/xapi\/statements\); stopped/,
    );
    // The pages read, and none more (a page asked for early is not asked for past the limit).
    expect(asked).toBe(5);
    const long = `/xapi/statements?page=${'9'.repeat(MAX_MORE_CHARS)}`;
    const longLink: typeof fetch = async () => new Response(JSON.stringify({ statements: [1], more: long }));
    await expect(drain({ ...query, fetch: longLink })).rejects.toThrow(`the LRS sent a "more" link of ${long.length.toLocaleString('en')} characters`);
    // Percent-encoded as kept, a link under the limit as sent can be over it.
    const encoded = `/xapi/statements?page=${'é'.repeat(MAX_MORE_CHARS / 2)}`;
    const encodedLink: typeof fetch = async () => new Response(JSON.stringify({ statements: [1], more: encoded }));
    await expect(drain({ ...query, fetch: encodedLink })).rejects.toThrow(/the LRS sent a "more" link of [\d,]+ characters/);
  });

  it('a page over the size limit is refused, by its announced length or as it arrives', async () => {
    const big = 'x'.repeat(5000);
    const announced: typeof fetch = async () => new Response(big, { headers: { 'content-length': String(big.length) } });
    await expect(drain({ ...query, fetch: announced, maxPageBytes: 1000 })).rejects.toThrow(/^the LRS sent a page of more than 1,000 bytes for /);
    const streamed: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(c) {
            for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(big));
            c.close();
          },
        }),
      );
    await expect(drain({ ...query, fetch: streamed, maxPageBytes: 20_000 })).rejects.toThrow(/a page of more than/);
  });
});

describe('statement ids and voiding over all the files and pages of one import', () => {
  const tiny = tinyInstrument();
  const tinyHash = instrumentFingerprint(tiny);
  const responses = { a: 4, b: 2, c: 5, d: 1, e: 4, f: 3, g: 3 };
  const rec = (participant: string, timepoint: 'pre' | 'post') => makeRecord(tiny, { participant, timepoint, responses });
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const submitted = (n: number | string, record: unknown) => recordStatement(ctx, record as ResultRecord, typeof n === 'string' ? n : id(n));
  const voiding = (n: number, target: string) => ({
    id: id(n),
    actor: ctx.actor,
    verb: { id: VOIDED_VERB },
    object: { objectType: 'StatementRef', id: target },
  });
  const file = (name: string, statements: unknown[]) => ({ name, text: JSON.stringify({ statements, more: '' }) });
  const run = (files: { name: string; text: string; entries?: readonly unknown[]; statements?: readonly (string | null)[] }[]) =>
    importFiles(files, tiny, tinyHash);
  const summary = (r: ImportResult, name: string) => r.problems.find((p) => p.file === name && p.message.startsWith('read as xAPI statements'))?.message;
  /** Every record read is accounted for exactly once. */
  const expectAccounted = (r: ImportResult) => {
    const c = r.counts;
    expect(c.imported + c.rejected + c.otherInstrument + c.identicalCopies).toBe(c.recordsRead);
    expect(r.records).toHaveLength(c.imported);
  };

  it('leaves out a record voided by a statement in another file, before or after it', () => {
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(32, rec('MA-07-SA-2', 'post'))]);
    const b = file('b.json', [voiding(33, id(32))]);
    for (const files of [
      [a, b],
      [b, a],
    ]) {
      const r = run(files);
      expect(r.records.map((x) => [x.timepoint, x.statement])).toEqual([['pre', id(31)]]);
      expect(summary(r, 'a.json')).toBe('read as xAPI statements: 2 statements, 1 carrying a result record; 1 voided (left out)');
      // The voiding statement is said to be one, not counted among the statements not needed.
      expect(summary(r, 'b.json')).toBe('read as xAPI statements: 1 statements, 0 carrying a result record; 1 voiding another statement');
      expect(r.problems).toContainEqual(
        expect.objectContaining({ file: 'a.json', statement: id(32), message: expect.stringContaining(`voided by statement ${id(33)} at b.json statement 1`) }),
      );
      expectAccounted(r);
    }
  });

  it('counts a statement id once over several files; one carrying a different record is a conflict, named with both places', () => {
    const page1 = file('page1.json', [submitted(1, rec('MA-60-SA-2', 'pre')), submitted(2, rec('MA-60-SA-2', 'post'))]);
    const page2 = file('page2.json', [submitted(2, rec('MA-61-SA-2', 'pre')), submitted(3, rec('MA-61-SA-2', 'post'))]);
    const r = run([page1, page2]);
    expect(r.records.map((x) => [x.participant, x.timepoint, x.statement])).toEqual([
      ['MA-60-SA-2', 'pre', id(1)],
      ['MA-60-SA-2', 'post', id(2)],
      ['MA-61-SA-2', 'post', id(3)],
    ]);
    const conflict = r.problems.filter((p) => p.severity === 'error');
    expect(conflict).toEqual([
      expect.objectContaining({
        file: 'page2.json',
        record: 1,
        statement: id(2),
        message: expect.stringContaining(`statement ${id(2)} was read before at page1.json record 2`),
      }),
    ]);
    expect(summary(r, 'page2.json')).toMatch(/; 1 with the id of a different statement read before \(left out\)/);
    expectAccounted(r);
    // The same statement in two saved pages (an export and a later one overlapping it): counted once, as in one file.
    const again = run([page1, file('page2.json', [submitted(2, rec('MA-60-SA-2', 'post')), submitted(3, rec('MA-61-SA-2', 'post'))])]);
    expect(again.records).toHaveLength(3);
    expect(again.counts).toMatchObject({ identicalCopies: 0, errors: 0 });
    expect(summary(again, 'page2.json')).toBe('read as xAPI statements: 2 statements, 1 carrying a result record; 1 repeated (counted once)');
    expectAccounted(again);
  });

  it('says so when a statement in the same file has the id of an earlier one and another record: the first is kept', () => {
    const r = run([
      file('export.json', [submitted(1, rec('MA-60-SA-2', 'pre')), submitted(1, rec('MA-61-SA-2', 'pre')), submitted(1, rec('MA-60-SA-2', 'pre'))]),
    ]);
    expect(r.records.map((x) => x.participant)).toEqual(['MA-60-SA-2']);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        file: 'export.json',
        record: 2,
        statement: id(1),
        message: expect.stringMatching(new RegExp(`^statement ${id(1)} was read before at export\\.json record 1 carrying a different record.*conflict`)),
      }),
    ]);
    expect(summary(r, 'export.json')).toBe(
      'read as xAPI statements: 3 statements, 2 carrying a result record; 1 repeated (counted once); 1 with the id of a different statement read before (left out)',
    );
    expectAccounted(r);
  });

  it('compares statement ids without regard to case, as UUIDs are', () => {
    const lower = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const upper = lower.toUpperCase();
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(upper, rec('MA-07-SA-2', 'post'))]);
    const r = run([a, file('b.json', [voiding(33, lower)])]);
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre']);
    // Within one file too.
    const one = run([file('one.json', [submitted(31, rec('MA-07-SA-2', 'pre')), voiding(33, lower), submitted(upper, rec('MA-07-SA-2', 'post'))])]);
    expect(one.records.map((x) => x.timepoint)).toEqual(['pre']);
    expect(summary(one, 'one.json')).toMatch(/; 1 voided \(left out\)/);
    // And for repeats: the same id in another case is the same statement.
    const repeated = run([file('a.json', [submitted(lower, rec('MA-07-SA-2', 'pre'))]), file('b.json', [submitted(upper, rec('MA-07-SA-2', 'pre'))])]);
    expect(repeated.counts).toMatchObject({ imported: 1, identicalCopies: 0 });
    expect(summary(repeated, 'b.json')).toMatch(/1 repeated \(counted once\)/);
  });

  it('does not take a voiding statement from a file it refuses: the statement voided stays (before: left out, wherever the file was)', () => {
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(32, rec('MA-07-SA-2', 'post'))]);
    // Three records, over a limit of two per file: refused whole, its voiding statement with it.
    const b = file('b.json', [
      voiding(33, id(32)),
      submitted(34, rec('LU-12-RO-0', 'pre')),
      submitted(35, rec('LU-12-RO-0', 'post')),
      submitted(36, rec('AB-01-CD-3', 'pre')),
    ]);
    for (const files of [
      [a, b],
      [b, a],
    ]) {
      const r = importFiles(files, tiny, tinyHash, { limits: { maxRecordsPerFile: 2 } });
      expect(r.records.map((x) => [x.file, x.timepoint, x.statement])).toEqual([
        ['a.json', 'pre', id(31)],
        ['a.json', 'post', id(32)],
      ]);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
        expect.objectContaining({ file: 'b.json', message: expect.stringMatching(/^this file was not read: it holds more than 2 entries/) }),
      ]);
      expect(r.problems.some((p) => /voided/.test(p.message) && p.file === 'a.json')).toBe(false);
      expectAccounted(r);
    }
    // Not read at all (the files before it hold the import's limit of records): the same.
    const full = importFiles([a, file('c.json', [voiding(33, id(32))])], tiny, tinyHash, { limits: { maxRecordsTotal: 2 } });
    expect(full.records.map((x) => x.statement)).toEqual([id(31), id(32)]);
    expect(full.counts.filesRejected).toBe(1);
  });

  it('parses each file once, the files that hold voiding statements too (before: twice when an import had several files)', () => {
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(32, rec('MA-07-SA-2', 'post'))]);
    const b = file('b.json', [voiding(33, id(32))]);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      for (const files of [
        [a, b],
        [b, a],
      ]) {
        parse.mockClear();
        const r = run(files);
        expect(r.records.map((x) => x.statement)).toEqual([id(31)]);
        for (const f of files)
          expect(
            parse.mock.calls.filter(([text]) => text === f.text),
            f.name,
          ).toHaveLength(1);
      }
    } finally {
      parse.mockRestore();
    }
  });

  it('lets an identical copy of a record voided by a later file stand in for it, and says so', () => {
    const post = rec('MA-07-SA-2', 'post');
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(32, post)]);
    // The learner's own download of the same record, read as a copy of the one in a.json.
    const own = { name: 'own.json', text: JSON.stringify([post]) };
    const b = file('b.json', [voiding(33, id(32))]);
    const r = run([a, own, b]);
    expect(r.records.map((x) => [x.file, x.timepoint, x.record, x.statement])).toEqual([
      ['a.json', 'pre', 1, id(31)],
      ['own.json', 'post', 1, undefined],
    ]);
    expect(r.problems).toContainEqual({
      file: 'a.json',
      record: 2,
      statement: id(32),
      severity: 'warning',
      message: `statement ${id(32)} is voided by statement ${id(33)} at b.json statement 1; the record it carries is left out; its identical copy at own.json record 1, read as a copy of it, is kept in its place`,
    });
    expect(r.files.map((f) => [f.file, f.records])).toEqual([
      ['a.json', 1],
      ['own.json', 1],
      ['b.json', 0],
    ]);
    expect(summary(r, 'a.json')).toBe('read as xAPI statements: 2 statements, 1 carrying a result record; 1 voided (left out)');
    expect(r.counts).toMatchObject({ identicalCopies: 0, imported: 2 });
    expectAccounted(r);
    // Without the copy, the record is left out; with the voiding file first, the same records.
    expect(run([a, b]).records.map((x) => x.statement)).toEqual([id(31)]);
    expect(run([b, a, own]).records.map((x) => [x.file, x.timepoint])).toEqual([
      ['a.json', 'pre'],
      ['own.json', 'post'],
    ]);
  });

  it('leaves out a record kept apart (another version of the questionnaire) voided by a later file', () => {
    const other = makeRecord(tiny, { participant: 'MA-07-SA-2', responses, instrument: { id: tiny.id, version: '9.9.9', hash: tinyHash } });
    const a = file('a.json', [submitted(31, rec('MA-07-SA-2', 'pre')), submitted(32, other)]);
    const r = run([a, file('b.json', [voiding(33, id(32))])]);
    expect(r.otherInstruments).toEqual([]);
    expect(r.counts).toMatchObject({ otherInstrument: 0, imported: 1, recordsRead: 1 });
    expect(summary(r, 'a.json')).toBe('read as xAPI statements: 2 statements, 1 carrying a result record; 1 voided (left out)');
    expectAccounted(r);
  });

  it("leaves out a record of an LRS's page voided by a file given after the pull, and says so on the page", async () => {
    const server = await startStatementServer({ statements: [submitted(1, rec('MA-60-SA-2', 'pre')), submitted(2, rec('MA-60-SA-2', 'post'))], pageSize: 1 });
    try {
      const pulled = await pullRecordFiles({ endpoint: `${server.origin}/xapi/`, activity: ctx.activityId, key: 'key', secret: 'secret', limit: 1 }, 'LRS');
      const r = run([...pulled.files, file('voids.json', [voiding(9, id(2))])]);
      expect(r.records.map((x) => x.statement)).toEqual([id(1)]);
      const page2 = r.problems.filter((p) => p.file === 'LRS, page 2');
      expect(page2).toEqual([
        { file: 'LRS, page 2', severity: 'warning', message: '1 voided (left out)' },
        expect.objectContaining({ record: 1, statement: id(2), message: expect.stringContaining(`voided by statement ${id(9)} at voids.json statement 1`) }),
      ]);
      // Listed with its file, before the files after it.
      expect(r.problems.findIndex((p) => p.file === 'voids.json')).toBeGreaterThan(r.problems.indexOf(page2[1]!));
      expect(r.files.map((f) => f.records)).toEqual([1, 0, 0]);
      expectAccounted(r);
    } finally {
      server.close();
    }
  });

  it("holds over an LRS's pages and the files given with them", async () => {
    // Page 2 repeats page 1's statement 2 with another record; page 3 repeats it as it was.
    const hexId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const all = [
      submitted(1, rec('MA-60-SA-2', 'pre')),
      submitted(2, rec('MA-60-SA-2', 'post')),
      submitted(2, rec('MA-61-SA-2', 'pre')),
      submitted(hexId, rec('MA-61-SA-2', 'post')),
      submitted(2, rec('MA-60-SA-2', 'post')),
    ];
    const server = await startStatementServer({ statements: all, pageSize: 2 });
    try {
      const pulled = await pullRecordFiles({ endpoint: `${server.origin}/xapi/`, activity: ctx.activityId, key: 'key', secret: 'secret', limit: 2 }, 'LRS');
      // A file given with the pull voids the record of statement hexId (named in upper case), pulled after it.
      const r = run([file('voids.json', [voiding(9, hexId.toUpperCase())]), ...pulled.files]);
      expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual([
        ['MA-60-SA-2', 'pre'],
        ['MA-60-SA-2', 'post'],
      ]);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
        expect.objectContaining({
          file: 'LRS, page 2',
          record: 1,
          statement: id(2),
          message: expect.stringContaining(`was read before at LRS, page 1 record 2`),
        }),
      ]);
      expect(r.problems).toContainEqual(
        expect.objectContaining({
          file: 'LRS, page 2',
          record: 2,
          statement: hexId,
          message: expect.stringContaining(`voided by statement ${id(9)} at voids.json statement 1`),
        }),
      );
      expect(r.problems).toContainEqual(
        expect.objectContaining({ file: 'LRS, page 3', message: '1 statement read before in this import, the same (counted once)' }),
      );
      expectAccounted(r);
    } finally {
      server.close();
    }
  });
});

describe('the statement ledger', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

  it('tells a repeat from a conflict, naming the first place by its record or its position', () => {
    const ledger = new StatementLedger();
    expect(ledger.claim(id(1), 'a', { file: 'a.json', record: 3, statement: id(1) })).toEqual({ kind: 'new' });
    expect(ledger.claim(id(2), 'b', { file: 'b.json', position: 7 })).toEqual({ kind: 'new' });
    expect(ledger.claim(id(1).toUpperCase(), 'a', { file: 'c.json', record: 1 })).toEqual({ kind: 'repeat', first: { file: 'a.json', record: 3 } });
    expect(ledger.claim(id(1), 'A', { file: 'c.json', record: 2 })).toEqual({ kind: 'conflict', first: { file: 'a.json', record: 3 } });
    expect(ledger.claim(id(2), 'b', { file: 'c.json', position: 1 })).toEqual({ kind: 'repeat', first: { file: 'b.json', position: 7 } });
    expect(ledger.claim(id(2), 'b\u0000', { file: 'c.json', position: 1 })).toEqual({ kind: 'conflict', first: { file: 'b.json', position: 7 } });
  });

  it('keeps neither the place nor the content of a statement, only what names it: some 56 bytes a statement beside its id (before: 248)', async () => {
    const ledger = new StatementLedger();
    const kept = ((): WeakRef<object> => {
      const place = { file: 'a.json', record: 1 };
      ledger.claim(id(0), 'content', place);
      return new WeakRef(place);
    })();
    // A WeakRef's target lives at least to the end of the job that made it.
    await new Promise((done) => setTimeout(done, 0));
    // The ids are the map's keys, as they must be: made before the first measure, so that they do not count.
    const ids = Array.from({ length: 100_000 }, (_, n) => id(n + 1));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < ids.length; n++) {
      // As the reader claims a statement carrying no record: its verb and object as text, a fresh place.
      ledger.claim(ids[n]!, `http://adlnet.gov/expapi/verbs/answered\u0000Activity\u0000https://lms.example/au/1/question/${n}`, {
        file: 'b.json',
        position: n + 1,
      });
    }
    gc();
    const perStatement = (process.memoryUsage().heapUsed - before) / ids.length;
    expect(kept.deref()).toBeUndefined();
    expect(perStatement).toBeLessThan(80);
    expect(ledger.claim(ids[99_999]!, 'other', { file: 'c.json', position: 1 })).toEqual({ kind: 'conflict', first: { file: 'b.json', position: 100_000 } });
  });
});

// Checksums checked while the work goes on (checksums-later.ts): the result is always the synchronous
// import's, whether every checksum matches, one was edited, a copy differs from its original only in its
// checksum, or the checker fails; batches hold every record whole, however the records fall.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/lib/import/import.ts';
import { importWithChosen } from '../../../src/lib/import/instrument-choice.ts';
import type { ImportFile, ImportResult } from '../../../src/lib/import/import-types.ts';
import {
  batchedChecksums,
  batchMismatches,
  importCheckingLater,
  type ChecksumBatch,
  type ChecksumOptions,
  type LaterChecksums,
} from '../../../src/lib/import/checksums-later.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { sha256BytesHex } from '../../../src/lib/util/sha256.ts';
import { code, jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';

const tiny = tinyInstrument();
const hash = instrumentFingerprint(tiny);
const nodeHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Web Crypto's digest, as the checksum thread uses it (asynchronous). */
const webDigest = (bytes: Uint8Array) => crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>).then((d) => Buffer.from(d).toString('hex'));
/** Checksums in batches, checked by Web Crypto's digest as the checksum thread does (here, on this thread). */
const webChecker = () => batchedChecksums((batch) => batchMismatches(batch, webDigest), 4096);

function records(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const responses = Object.fromEntries(tiny.items.map((item, k) => [item.id, ((i + k) % 5) + 1]));
    out.push(makeRecord(tiny, { participant: code(i), responses }));
    out.push(makeRecord(tiny, { participant: code(i), timepoint: 'post', responses }));
  }
  return out;
}

/** The import as the evaluator page runs it; `runs` counts how many imports were made. */
function importer(files: ImportFile[]) {
  const runs: ChecksumOptions[] = [];
  const run = (checksums: ChecksumOptions): ImportResult => {
    runs.push(checksums);
    return importFiles(files, tiny, hash, { ...checksums, idSalt: 'salt' });
  };
  return { run, runs };
}

const synchronous = (files: ImportFile[]) => importFiles(files, tiny, hash, { sha256Bytes: sha256BytesHex, idSalt: 'salt' });

describe('an import with its checksums checked later', () => {
  it('imports once when every checksum matches, with the result of the synchronous import', async () => {
    const files = [jsonFile('a.json', records(40)), jsonFile('b.json', records(3))];
    const { run, runs } = importer(files);
    const then = (imported: ImportResult) => ({ imported });
    const done = await importCheckingLater(run, then, webChecker(), sha256BytesHex);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.checksumLater).toBeTypeOf('function');
    expect(done.imported).toEqual(synchronous(files));
  });

  it('imports again with the synchronous hash when a record was edited, and gives what that import gives', async () => {
    const list = records(20);
    // An answer edited, the checksum left as it was: as written, a copy of the record it was made from.
    const edited = { ...list[7]!, responses: { ...list[7]!.responses, [tiny.items[0]!.id]: 1 } };
    // The checksum alone edited.
    const checksumEdited = { ...list[3]!, checksum: 'f'.repeat(64) };
    const files = [jsonFile('a.json', [...list, edited, checksumEdited])];
    const { run, runs } = importer(files);
    const seen: ImportResult[] = [];
    const done = await importCheckingLater(run, (imported) => (seen.push(imported), imported), webChecker(), sha256BytesHex);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toEqual({ sha256Bytes: sha256BytesHex });
    expect(seen).toHaveLength(2);
    expect(done).toBe(seen[1]);
    const expected = synchronous(files);
    expect(done).toEqual(expected);
    expect(expected.counts.checksumMismatch).toBe(2);
    expect(expected.counts.identicalCopies).toBe(0);
    // What the first import took for granted differs: the reason it is not kept.
    expect(seen[0]!.counts.checksumMismatch).toBe(0);
    expect(seen[0]!.counts.identicalCopies).toBe(1);
  });

  it('imports again when the checker fails', async () => {
    const files = [jsonFile('a.json', records(5))];
    const { run, runs } = importer(files);
    const failing: LaterChecksums = { add: () => undefined, allMatch: () => Promise.reject(new Error('the thread stopped')) };
    const done = await importCheckingLater(run, (x) => x, failing, sha256BytesHex);
    expect(runs).toHaveLength(2);
    expect(done).toEqual(synchronous(files));
  });

  it('lets an error of the first run stand only when every checksum matched', async () => {
    const files = [jsonFile('a.json', records(3))];
    const boom = () => {
      throw new Error('the analysis failed');
    };
    const { run, runs } = importer(files);
    await expect(importCheckingLater(run, boom, webChecker(), sha256BytesHex)).rejects.toThrow('the analysis failed');
    expect(runs).toHaveLength(1);
    // A record edited: the error may be the edit's, so the work is done again, synchronously.
    const list = records(3);
    const edited = [...list.slice(0, 5), { ...list[5]!, timepoint: 'pre' }];
    const again = importer([jsonFile('a.json', edited)]);
    let calls = 0;
    const failsFirst = (imported: ImportResult) => {
      if (calls++ === 0) throw new Error('the analysis failed');
      return imported;
    };
    const done = await importCheckingLater(again.run, failsFirst, webChecker(), sha256BytesHex);
    expect(again.runs).toHaveLength(2);
    expect(done).toEqual(synchronous([jsonFile('a.json', edited)]));
  });

  it('checks a record that is not ASCII at once, from its text, and does not import again for it', async () => {
    const list = records(3);
    const accented = makeRecord(tiny, { participant: code(50), cohort: 'Équipe été', responses: list[0]!.responses });
    const editedAccented = { ...makeRecord(tiny, { participant: code(51), cohort: 'Équipe été' }), cohort: 'Équipe hiver' };
    const files = [jsonFile('a.json', [...list, accented, editedAccented])];
    const { run, runs } = importer(files);
    const given: string[] = [];
    const checker = webChecker();
    const done = await importCheckingLater(
      run,
      (x) => x,
      { add: (b, w) => (given.push(w), checker.add(b, w)), allMatch: () => checker.allMatch() },
      sha256BytesHex,
    );
    expect(runs).toHaveLength(1);
    expect(given).toHaveLength(list.length);
    expect(done).toEqual(synchronous(files));
    expect(done.counts.checksumMismatch).toBe(1);
  });

  it('checks the records of both imports when the questionnaire chosen first is not the one most records name', async () => {
    const v2 = tinyInstrument({ version: '2.0.0' });
    const ofV2 = Array.from({ length: 3 }, (_, i) => makeRecord(v2, { participant: code(100 + i) }));
    // The first file names 1.0.0 (the guess from the first part); most records name 2.0.0; one of those was edited.
    const edited = { ...ofV2[2]!, cohort: 'edited' };
    const files = [jsonFile('a.json', records(1)), jsonFile('b.json', [...ofV2.slice(0, 2), edited])];
    const imports: string[] = [];
    const run = (checksums: ChecksumOptions) =>
      importWithChosen([tiny, v2], [{ id: tiny.id, version: '1.0.0', hash: null, records: 2 }], (instrument) => {
        imports.push(`${instrument.version}${checksums.checksumLater ? ' later' : ''}`);
        return importFiles(files, instrument, instrumentFingerprint(instrument), { ...checksums, idSalt: 'salt' });
      });
    const done = await importCheckingLater(run, (x) => x, webChecker(), sha256BytesHex);
    expect(imports).toEqual(['1.0.0 later', '2.0.0 later', '1.0.0', '2.0.0']);
    expect('imported' in done && done.imported.counts.checksumMismatch).toBe(1);
  });

  it('gives the checker exactly the bytes the synchronous hash is given', async () => {
    const files = [jsonFile('a.json', records(6))];
    const hashed: string[] = [];
    importFiles(files, tiny, hash, { sha256Bytes: (bytes) => (hashed.push(nodeHex(bytes)), nodeHex(bytes)) });
    const given: string[] = [];
    importFiles(files, tiny, hash, { checksumLater: (bytes, written) => given.push(`${nodeHex(bytes)}=${written}`) });
    expect(given).toEqual(hashed.map((h) => `${h}=${h}`));
    expect(given).toHaveLength(12);
  });
});

describe('checksums in batches', () => {
  /** A checker whose batches are checked here, as the checksum thread would, keeping every batch. */
  const collecting = (batchBytes: number) => {
    const batches: ChecksumBatch[] = [];
    const later = batchedChecksums((batch) => {
      batches.push({ ...batch, bytes: batch.bytes.slice(), ends: batch.ends.slice(), written: [...batch.written] });
      return batchMismatches(batch, nodeHex);
    }, batchBytes);
    return { later, batches };
  };
  const texts = ['a', 'bb', 'x'.repeat(40), 'ccc', 'd'.repeat(100), 'e', 'f'.repeat(33)];
  const encoder = new TextEncoder();

  it('keeps each record whole whatever the batch size, including one larger than a batch, and copies what it is given', async () => {
    for (const size of [1, 8, 32, 64, 1 << 20]) {
      const { later, batches } = collecting(size);
      const reused = new Uint8Array(200);
      for (const text of texts) {
        const bytes = encoder.encode(text);
        reused.set(bytes);
        later.add(reused.subarray(0, bytes.length), nodeHex(bytes));
        reused.fill(0); // the import writes the next record over it
      }
      expect(await later.allMatch()).toBe(true);
      const back = batches.flatMap((b) => b.written.map((_, i) => new TextDecoder().decode(b.bytes.subarray(i ? b.ends[i - 1] : 0, b.ends[i]))));
      expect(back, `batches of ${size} bytes`).toEqual(texts);
    }
  });

  it('counts the records that do not match, and says so', async () => {
    const { later } = collecting(16);
    for (const text of texts) later.add(encoder.encode(text), text === 'ccc' ? nodeHex(encoder.encode('cc')) : nodeHex(encoder.encode(text)));
    expect(await later.allMatch()).toBe(false);
    const batch: ChecksumBatch = { bytes: encoder.encode('abc'), ends: Uint32Array.of(1, 3), written: [nodeHex(encoder.encode('a')), 'nope'] };
    expect(await batchMismatches(batch, nodeHex)).toBe(1);
    expect(await batchMismatches(batch, webDigest)).toBe(1);
  });

  it('answers true when nothing was given, and false when a batch could not be checked', async () => {
    expect(await batchedChecksums(() => Promise.resolve(1)).allMatch()).toBe(true);
    const failing = batchedChecksums(() => Promise.reject(new Error('gone')), 4);
    failing.add(encoder.encode('abcdef'), 'x');
    failing.add(encoder.encode('abcdef'), 'x'); // the first batch fails before allMatch is asked: not an unhandled rejection
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await failing.allMatch()).toBe(false);
  });
});

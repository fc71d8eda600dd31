// A large file read in pieces for the CLI (src/lib/import/text-pieces.ts says why): a megabyte at a time into
// one buffer, once to check it and again each time the import reads it. The file is opened anew for each
// reading (hundreds of large files must not hold hundreds of file handles), and each reading checks that it
// is the file the first one saw: the same size and time of change.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { plainPieces, TextChangedError, type ByteChunks, type TextPieces, type Utf8 } from '../lib/import/text-pieces.ts';

/** Node's UTF-8, for text-pieces.ts. */
const UTF8: Utf8 = { isUtf8, decode: (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') };

/** Bytes read at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The file's text in pieces, or null when it does not read the same so (text-pieces.ts plainPieces) and is
 * to be read whole. Reading it the first time may throw as reading any file does; a later reading that
 * cannot open the file or finds it changed (size, time of change) throws a TextChangedError naming it.
 */
export function readPieces(name: string): TextPieces | null {
  let seen: { size: number; mtimeMs: number } | null = null;
  const chunks: ByteChunks = function* () {
    const later = seen !== null;
    const fail = (why: string) => new TextChangedError(`${name} ${why} while it was being read; run the analysis again once nothing writes to it`);
    let fd: number;
    try {
      fd = openSync(name, 'r');
    } catch (error) {
      if (!later) throw error;
      throw fail(`could no longer be opened (${(error as Error).message})`);
    }
    try {
      const { size, mtimeMs } = fstatSync(fd);
      if (seen === null) seen = { size, mtimeMs };
      else if (size !== seen.size || mtimeMs !== seen.mtimeMs) throw fail('changed');
      const buffer = Buffer.allocUnsafe(Math.min(size, CHUNK_BYTES));
      for (let at = 0; at < size; ) {
        let got: number;
        try {
          got = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at);
        } catch (error) {
          if (!later) throw error;
          throw fail(`could no longer be read (${(error as Error).message})`);
        }
        if (got === 0) {
          if (later) throw fail('changed');
          break;
        }
        at += got;
        yield buffer.subarray(0, got);
      }
    } finally {
      closeSync(fd);
    }
  };
  return plainPieces(name, chunks, UTF8);
}

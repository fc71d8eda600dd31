// A large file's text read piece by piece, never as one string and never as one block of bytes. Fresh
// memory is what costs: a 56 MB file read whole needs 56 MB of bytes and 56 MB of string, which the
// system hands out page by page (on a small virtual machine, more time than parsing the file). Read in
// chunks into one reused buffer and decoded in pieces of 64 KB, which V8 keeps in its young generation
// and reuses at once, the same file is read in a few dozen milliseconds. Only files whose text reads the
// same in pieces as whole are read so (plainPieces); the others are read whole, as before.

/** The text of a file as pieces of whole lines (every piece ends with a line break, except the last). */
export interface TextPieces {
  /** The file's size in bytes (for the import's limits). */
  readonly bytes: number;
  /** The pieces, in order, read and decoded anew each time (an import may read a file twice). */
  pieces(): Iterable<string>;
  /** The text's first pieces, joined, until they hold more than `chars` characters; or the whole text. */
  start(chars: number): string;
  /** The whole text as one string, for a reader that needs it whole. */
  whole(): string;
}

/**
 * A file's bytes in chunks, read anew each time it is called. A chunk may be overwritten once the next one
 * is asked for (one buffer, reused).
 */
export type ByteChunks = () => Iterable<Uint8Array>;

export interface Utf8 {
  /** True when the bytes are valid UTF-8. */
  isUtf8(bytes: Uint8Array): boolean;
  /**
   * Valid UTF-8 as text, a byte order mark kept wherever it lies (Node: Buffer's toString; a browser:
   * `new TextDecoder('utf-8', { ignoreBOM: true })`, as the default TextDecoder drops one that starts a piece).
   */
  decode(bytes: Uint8Array): string;
}

/** The file's bytes changed between two readings of it: the pieces read first no longer hold. */
export class TextChangedError extends Error {}

/** Bytes per piece at most (unless one line is longer): V8 keeps strings under 128 KB in its young generation. */
export const PIECE_BYTES = 64 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** The replacement character's bytes in UTF-8: a file holding it is decoded whole (util/text-encoding.ts). */
const REPLACEMENT = [0xef, 0xbf, 0xbd] as const;
/** How much of a file's start is looked at for NULs (UTF-16 without a byte order mark: util/text-encoding.ts). */
const NUL_SNIFF = 1024;

function holdsReplacement(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(REPLACEMENT[0]); i !== -1; i = bytes.indexOf(REPLACEMENT[0], i + 1)) {
    if (bytes[i + 1] === REPLACEMENT[1] && bytes[i + 2] === REPLACEMENT[2]) return true;
  }
  return false;
}

/** A line longer than this (no long CSV has one; a hostile file may) has the file read whole. */
export const LONG_LINE_BYTES = 1024 * 1024;

/**
 * The bytes in blocks that end with a line break (the last may not): a line that runs over from one chunk
 * to the next is copied out of each chunk it lies in and joined; the rest of each chunk is passed on where
 * it lies. A line break is one byte that no other character's UTF-8 bytes contain, so a block is text on
 * its own. Null in place of a line longer than LONG_LINE_BYTES that runs over a chunk, and nothing after it.
 */
function* lineBlocks(chunks: ByteChunks): Generator<Uint8Array | null> {
  /** Copies of the bytes of a line begun in earlier chunks (the next chunk overwrites them where they lie). */
  let carried: Uint8Array[] = [];
  let carriedBytes = 0;
  const carry = (bytes: Uint8Array): boolean => {
    // A copy: Uint8Array#slice (Node's Buffer#slice would share the chunk's memory).
    carried.push(Uint8Array.prototype.slice.call(bytes));
    carriedBytes += bytes.length;
    return carriedBytes <= LONG_LINE_BYTES;
  };
  for (const chunk of chunks()) {
    let from = 0;
    if (carried.length) {
      const first = chunk.indexOf(LF);
      if (first === -1) {
        if (carry(chunk)) continue;
        yield null;
        return;
      }
      if (carriedBytes + first + 1 > LONG_LINE_BYTES) {
        yield null;
        return;
      }
      carried.push(chunk.subarray(0, first + 1));
      yield join(carried);
      carried = [];
      carriedBytes = 0;
      from = first + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= from) yield chunk.subarray(from, last + 1);
    if (last + 1 < chunk.length && !carry(chunk.subarray(Math.max(from, last + 1)))) {
      yield null;
      return;
    }
  }
  if (carried.length) yield join(carried);
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** True when a block of whole lines reads the same in pieces as whole: no quote, no carriage return, valid UTF-8 that decodes without a replacement character. */
const isPlain = (block: Uint8Array, utf8: Utf8): boolean =>
  block.indexOf(QUOTE) === -1 && block.indexOf(CR) === -1 && !holdsReplacement(block) && utf8.isUtf8(block);

/**
 * The text of a file as pieces of whole lines, when reading it so gives exactly what reading it whole
 * would: valid UTF-8 without a replacement character or a NUL near its start (either would have the text
 * decoded otherwise: util/text-encoding.ts), no quote (a quoted value may span lines) and no carriage
 * return (every line break is then \n as written, and no two kinds are mixed); and no line over
 * LONG_LINE_BYTES that runs over a chunk (copied and joined, such a line would cost more than the whole
 * file read at once). Null otherwise, and the caller reads the file whole. A byte order mark is left out.
 * The file is read here once, to check it, and again each time its pieces are read; a reading that finds
 * it no longer plain or of another length throws a TextChangedError naming `name` (`chunks` may throw one
 * too, for what it can see: src/cli/read-pieces.ts checks the file's size and time of change).
 */
export function plainPieces(name: string, chunks: ByteChunks, utf8: Utf8): TextPieces | null {
  let bytes = 0;
  let bom = 0;
  for (const block of lineBlocks(chunks)) {
    if (block === null) return null;
    if (bytes === 0) bom = block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf ? 3 : 0;
    if (bytes < NUL_SNIFF && block.subarray(0, NUL_SNIFF - bytes).indexOf(0) !== -1) return null;
    if (!isPlain(block, utf8)) return null;
    bytes += block.length;
  }
  const changed = () => new TextChangedError(`${name} changed while it was being read; run the analysis again once nothing writes to it`);
  function* pieces(): Generator<string> {
    let read = 0;
    for (const block of lineBlocks(chunks)) {
      if (block === null || !isPlain(block, utf8)) throw changed();
      // Pieces of at most PIECE_BYTES: up to the last line break within them, or a whole longer line.
      for (let at = read === 0 ? bom : 0; at < block.length; ) {
        let end = at + PIECE_BYTES >= block.length ? block.length : block.lastIndexOf(LF, at + PIECE_BYTES - 1) + 1;
        if (end <= at) end = block.indexOf(LF, at + PIECE_BYTES) + 1 || block.length;
        yield utf8.decode(block.subarray(at, end));
        at = end;
      }
      read += block.length;
    }
    if (read !== bytes) throw changed();
  }
  return {
    bytes,
    pieces,
    start(chars) {
      let text = '';
      for (const piece of pieces()) {
        text += piece;
        if (text.length > chars) break;
      }
      return text;
    },
    whole() {
      let text = '';
      for (const piece of pieces()) text += piece;
      return text;
    },
  };
}

// The canonical JSON of a record without its checksum (src/lib/util/canonical-json.ts,
// canonicalJsonWithout) written as bytes into one reused buffer, for records whose canonical JSON is
// ASCII only (every record the app makes: JSON escapes control characters, and codes, dates, ids and
// answers are ASCII): its UTF-8 bytes are then its characters, and the checksum is computed from them
// without building the text. Checking 200,000 records built 200,000 texts of some 1,300 characters out of
// a few hundred pieces each, and the hash then copied each into one piece first: a gigabyte of short-lived
// memory. The bytes are exactly those of canonicalJsonWithout (test/lib/import/canonical-bytes.test.ts);
// anything not ASCII returns null, and the caller uses canonicalJsonWithout.

/** An object shape seen before: its keys in their own order, the positions in sorted order, the quoted keys as bytes. */
interface Shape {
  keys: string[];
  order: number[];
  /** `"key":` as bytes, by position in `keys`; null when a key is not ASCII. */
  quoted: Uint8Array[] | null;
  /** The shape the object under each key had last time (objects of one shape usually hold objects of one shape). */
  inner: (Shape | null)[];
}
const shapes = new Map<string, Shape[]>();
const MAX_SHAPES = 1_000;
let shapeCount = 0;
/** The shape of the last record written. */
let lastTop: Shape | null = null;

let buffer = new Uint8Array(16 * 1024);
let at = 0;
/** False once something not ASCII was met: the bytes written are then not the canonical JSON's. */
let ascii = true;
/** The values of the objects being written, by level of nesting and position in their own order. */
const valuesAt: unknown[][] = [];

function room(n: number): void {
  if (at + n <= buffer.length) return;
  const bigger = new Uint8Array(Math.max(buffer.length * 2, at + n));
  bigger.set(buffer.subarray(0, at));
  buffer = bigger;
}

/** Writes a text's characters, each as one byte (room made by the caller); notes when one is not ASCII. */
function writeChars(text: string): void {
  const n = text.length;
  room(n);
  const b = buffer;
  let p = at;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) ascii = false;
    b[p++] = c;
  }
  at = p;
}

/** Writes a JSON string: as it is between quotes, or as JSON.stringify escapes it (quote, backslash, controls). */
function writeString(text: string): void {
  const n = text.length;
  room(n + 2);
  const b = buffer;
  let p = at;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) {
      // Escaped as JSON.stringify does (quote, backslash, controls, lone surrogates; a pair is not ASCII).
      writeChars(JSON.stringify(text));
      return;
    }
    if (c > 0x7f) ascii = false;
    b[p++] = c;
  }
  b[p++] = 34;
  at = p;
}

function writeByte(c: number): void {
  room(1);
  buffer[at++] = c;
}

/** The shape with these keys (canonical-json.ts's order: Object.keys, sorted in UTF-16 code unit order). */
function shapeOf(o: Readonly<Record<string, unknown>>): Shape {
  const keys = Object.keys(o);
  const bucket = shapes.get(keys[0] ?? '');
  if (bucket)
    for (const shape of bucket) {
      if (shape.keys.length === keys.length && shape.keys.every((k, i) => k === keys[i])) return shape;
    }
  const order = keys.map((_, i) => i).sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : 0));
  const quotedTexts = keys.map((k) => `${JSON.stringify(k)}:`);
  const quoted = quotedTexts.some((q) => /[^\u0000-\u007f]/.test(q)) ? null : quotedTexts.map((q) => Uint8Array.from(q, (c) => c.charCodeAt(0)));
  const shape: Shape = { keys, order, quoted, inner: keys.map(() => null) };
  if (shapeCount < MAX_SHAPES) {
    if (bucket) bucket.push(shape);
    else shapes.set(keys[0] ?? '', [shape]);
    shapeCount++;
  }
  return shape;
}

/** Writes `value` as canonical-json.ts's write() would, `depth` its level; false where write() returns undefined (nothing written). */
function write(value: unknown, depth: number, guess: Shape | null, owner: Shape | null, index: number): boolean {
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value) && value >= 0 && value < 10) writeByte(48 + value);
      else writeChars(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'string':
      writeString(value);
      return true;
    case 'boolean':
      writeChars(value ? 'true' : 'false');
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) writeChars('null');
  else if (Array.isArray(value)) {
    writeByte(91);
    for (let i = 0; i < value.length; i++) {
      if (i) writeByte(44);
      if (!write(value[i], depth + 1, null, null, 0)) writeChars('null');
    }
    writeByte(93);
  } else {
    const shape = writeObject(value as Readonly<Record<string, unknown>>, null, depth, guess);
    if (owner) owner.inner[index] = shape;
  }
  return true;
}

/**
 * Writes an object, keys sorted, `omitted` left out; returns its shape. `guess` is the shape it probably
 * has: its keys are compared with the object's own as its values are read (one pass, no list of keys).
 */
function writeObject(o: Readonly<Record<string, unknown>>, omitted: string | null, depth: number, guess: Shape | null): Shape | null {
  // Parsed JSON's objects are plain; another (inherited keys, getters) is left to canonicalJsonWithout.
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) {
    ascii = false;
    return null;
  }
  const values = (valuesAt[depth] ??= []);
  let shape = guess;
  let n = 0;
  if (shape !== null) {
    const keys = shape.keys;
    for (const key in o) {
      if (n >= keys.length || keys[n] !== key) {
        shape = null;
        break;
      }
      values[n++] = o[key];
    }
    if (shape !== null && n !== keys.length) shape = null;
  }
  if (shape === null) {
    shape = shapeOf(o);
    const keys = shape.keys;
    for (n = 0; n < keys.length; n++) values[n] = o[keys[n]!];
  }
  const { keys, order, quoted, inner } = shape;
  if (quoted === null) {
    ascii = false;
    return shape;
  }
  writeByte(123);
  let first = true;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (keys[i] === omitted) continue;
    const v = values[i];
    // What write() leaves out (undefined, functions, symbols, bigints) is left out with its key.
    const t = typeof v;
    if (t === 'undefined' || t === 'function' || t === 'symbol' || t === 'bigint') continue;
    const q = quoted[i]!;
    room(q.length + 2);
    const b = buffer;
    let p = at;
    if (!first) b[p++] = 44;
    for (let j = 0; j < q.length; j++) b[p++] = q[j]!;
    first = false;
    // The usual values (answers 0–9, null) written here, the others by write().
    if (t === 'number' && Number.isInteger(v) && (v as number) >= 0 && (v as number) < 10) {
      b[p++] = 48 + (v as number);
      at = p;
    } else {
      at = p;
      if (t === 'string') writeString(v as string);
      else if (v === null) writeChars('null');
      else write(v, depth + 1, inner[i]!, shape, i);
    }
  }
  writeByte(125);
  // Emptied, not cut: an array cut to length 0 lets go of its storage, and the next object grew a new one
  // (some 1 KB of short-lived memory for every record checked).
  values.fill(undefined);
  return shape;
}

/**
 * The UTF-8 bytes of canonicalJsonWithout(record, omitted) when that text is ASCII only, else null. The
 * bytes are a view of a buffer the next call overwrites: hash them at once.
 */
export function canonicalBytesWithout(record: object, omitted: string): Uint8Array | null {
  at = 0;
  ascii = true;
  const shape = writeObject(record as Readonly<Record<string, unknown>>, omitted, 0, lastTop);
  if (shape) lastTop = shape;
  return ascii ? buffer.subarray(0, at) : null;
}

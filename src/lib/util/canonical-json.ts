// Deterministic JSON (keys sorted at every depth) so hashes do not depend on key order or whitespace.
// Same output as JSON.stringify of a key-sorted copy, written directly: importing 20,000 records checks
// 20,000 checksums, so this avoids building the sorted copy, re-sorting the same keys for every record
// (objects of one shape share their sorted order) and re-quoting the same keys.
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Canonical JSON of an object without one of its top-level keys (a record without its checksum). */
export function canonicalJsonWithout(record: object, omitted: string): string {
  return writeObject(record as Readonly<Record<string, unknown>>, omitted);
}

/** An object shape seen before: its keys in their own order, and the positions in sorted order. */
interface Shape {
  keys: string[];
  order: number[];
  quoted: string[];
}
const shapes = new Map<string, Shape[]>();
const MAX_SHAPES = 1_000;
let shapeCount = 0;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sorted order of `keys` (UTF-16 code unit order, as Array.prototype.sort) and the quoted keys. */
function shapeOf(keys: string[]): Shape {
  const bucketKey = keys[0] ?? '';
  let bucket = shapes.get(bucketKey);
  if (bucket) for (const shape of bucket) if (sameKeys(shape.keys, keys)) return shape;
  const order = keys.map((_, i) => i).sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : 0));
  const shape: Shape = { keys, order, quoted: keys.map((k) => JSON.stringify(k)) };
  if (shapeCount < MAX_SHAPES) {
    if (!bucket) shapes.set(bucketKey, (bucket = []));
    bucket.push(shape);
    shapeCount++;
  }
  return shape;
}

/** Characters JSON.stringify would escape (quote, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      // Most values need no escaping; the regex test is cheaper than JSON.stringify's call.
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (write(value[i]) ?? 'null');
    return out + ']';
  }
  return writeObject(value as Record<string, unknown>, null);
}

function writeObject(record: Readonly<Record<string, unknown>>, omitted: string | null): string {
  const keys = Object.keys(record);
  const { order, quoted } = shapeOf(keys);
  let out = '{';
  let first = true;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (keys[i] === omitted) continue;
    const v = write(record[keys[i]!]);
    if (v === undefined) continue;
    out += (first ? '' : ',') + quoted[i] + ':' + v;
    first = false;
  }
  return out + '}';
}

// Deterministic JSON (keys sorted at every depth) so hashes do not depend on key order or whitespace.
// Same output as JSON.stringify of a key-sorted copy, written directly: importing 20,000 records checks
// 20,000 checksums, so this avoids building the sorted copy and re-quoting the same keys.
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      return JSON.stringify(value);
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
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = write(record[key]);
    if (v === undefined) continue;
    out += (first ? '' : ',') + quoteKey(key) + ':' + v;
    first = false;
  }
  return out + '}';
}

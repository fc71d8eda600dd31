// The CLI keeps the YAML it parsed (the questionnaires, the knowledge banks) and reads it back on later runs;
// a damaged, missing or unwritable cache only costs a parse, and never changes what is read.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cachedYamlParser } from '../../src/cli/yaml-cache.ts';

const TEXT = 'id: msg-attitudes\nversion: 1.0.0\nitems:\n  - id: a\n    points: [1, 2, 3]\nlimit: .inf\nnothing: ~\n';
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yaml-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const kept = () => readdirSync(join(dir, 'yaml')).map((name) => join(dir, 'yaml', name));

describe('the CLI’s YAML cache', () => {
  it('parses a text once, keeps the data, and reads it back the next time (.inf and null as parsed)', () => {
    const first = cachedYamlParser(join(dir, 'yaml'))(TEXT);
    expect(first).toStrictEqual(parse(TEXT));
    expect((first as { limit: number }).limit).toBe(Number.POSITIVE_INFINITY);
    expect(kept()).toHaveLength(1);
    // What is kept is what the next run reads: another value under the same name comes back as it is.
    writeFileSync(kept()[0]!, serialize({ from: 'the cache' }));
    expect(cachedYamlParser(join(dir, 'yaml'))(TEXT)).toStrictEqual({ from: 'the cache' });
    // Another text, another entry.
    expect(cachedYamlParser(join(dir, 'yaml'))(`${TEXT}more: 1\n`)).toMatchObject({ more: 1 });
    expect(kept()).toHaveLength(2);
  });

  it('keeps a text once per version of the yaml library (another version may read it otherwise)', () => {
    cachedYamlParser(join(dir, 'yaml'), '2.9.1')(TEXT);
    cachedYamlParser(join(dir, 'yaml'), '2.9.1')(TEXT);
    expect(kept()).toHaveLength(1);
    writeFileSync(kept()[0]!, serialize({ from: 'the cache' }));
    expect(cachedYamlParser(join(dir, 'yaml'), '3.0.0')(TEXT)).toStrictEqual(parse(TEXT));
    expect(kept()).toHaveLength(2);
    expect(cachedYamlParser(join(dir, 'yaml'), null)(TEXT)).toStrictEqual(parse(TEXT)); // no version: no cache
    expect(kept()).toHaveLength(2);
  });

  it('parses again over a damaged entry, and keeps the right data in its place', () => {
    cachedYamlParser(join(dir, 'yaml'))(TEXT);
    const [file] = kept();
    writeFileSync(file!, 'not what v8 writes');
    expect(cachedYamlParser(join(dir, 'yaml'))(TEXT)).toStrictEqual(parse(TEXT));
    expect(readFileSync(file!)).toStrictEqual(Buffer.from(serialize(parse(TEXT))));
  });

  it('parses every time when the folder cannot be written, and keeps nothing of a text that is not YAML', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(cachedYamlParser(join(file, 'yaml'))(TEXT)).toStrictEqual(parse(TEXT));
    expect(() => cachedYamlParser(join(dir, 'yaml'))('a: [unclosed')).toThrow();
    expect(readdirSync(dir)).toEqual(['a-file']);
  });
});

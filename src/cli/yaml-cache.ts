// The YAML the CLI ships with (content/: the questionnaires, the knowledge banks and their modules) parsed
// once per text: the data of each text is kept in a folder under the SHA-256 of the text and the yaml
// library's version, in V8's serialisation (numbers such as .inf kept as they are), and read back on later
// runs instead of parsing again. Parsing was nearly a third of a small run's time (some 0.1 s of 0.35 s).
// The data is checked by the same schemas as ever. A cache that cannot be read or written is passed by:
// the text is parsed as before. The yaml library's warnings (process.emitWarning) come on the first parse
// only, so a file a person is editing (--instrument) is not read through it. Entries are never removed:
// one per version of each shipped file, a few kilobytes each.
import { hash as digest } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parse } from 'yaml';

/** The version of the yaml library that parses (part of every key: another version may read a text otherwise). */
function yamlVersion(): string | null {
  try {
    return (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}

/**
 * A YAML parser that keeps what it parsed in `dir` and reads it back from there; `parse` itself without a
 * version of the yaml library to key by.
 */
export function cachedYamlParser(dir: string, version: string | null = yamlVersion()): (text: string) => unknown {
  if (version === null) return (text) => parse(text);
  return (text) => {
    const path = join(dir, `${digest('sha256', `yaml ${version}\u0000${text}`, 'hex')}.v8`);
    try {
      return deserialize(readFileSync(path));
    } catch {
      // not kept yet, or not readable: parsed below
    }
    const data = parse(text); // a text that is not valid YAML throws, and is not kept
    // Under a name of its own, then renamed: a run reading meanwhile never finds half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    let written = false;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(temporary, serialize(data));
      written = true;
      renameSync(temporary, path);
    } catch {
      // a folder that cannot be written (read-only checkout): parse every time, and leave nothing half done
      if (written) rmSync(temporary, { force: true });
    }
    return data;
  };
}

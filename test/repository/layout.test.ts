// The repository stands on its own and its folder names show the architecture: nothing tracked names a
// path outside the clone, and no folder name in src/ means two things.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const folders = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...folders(path)] : [];
  });

describe('repository layout', () => {
  it('uses each folder name in src/ once', () => {
    const byName = new Map<string, string[]>();
    for (const path of folders('src')) {
      const name = path.split('/').at(-1)!;
      byName.set(name, [...(byName.get(name) ?? []), path]);
    }
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });

  it('names no path outside the repository', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    // Where the project's notes and tools lived beside the checkout while it was written.
    const outside = /\.\.\/(shared|\.library)\b|\/work\/(main|shared|helpers)\b|stats-artifacts\//;
    const found: string[] = [];
    for (const file of tracked) {
      if (file === 'package-lock.json' || file === 'test/repository/layout.test.ts') continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      text.split('\n').forEach((line, i) => outside.test(line) && found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`));
    }
    expect(found).toEqual([]);
  });
});

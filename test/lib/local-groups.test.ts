import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLocalGroups } from '../../src/lib/curriculum/local-groups.ts';

const orgs = new Set(['grow', 'dbsa']);
const file = 'content/resources/local-groups.yaml';

describe('local groups file', () => {
  it('accepts the shipped file', () => {
    expect(Array.isArray(parseLocalGroups(readFileSync(file, 'utf8'), file, orgs))).toBe(true);
  });
  it('accepts complete entries and an empty list', () => {
    const text = `groups:\n  - name: GROW Tuesday group\n    focus: Anyone with mental health problems\n    where: Library, room 2\n    when: Tuesdays 6 pm\n    contact: ask at reception\n    organisation: grow\n`;
    expect(parseLocalGroups(text, file, orgs)).toHaveLength(1);
    expect(parseLocalGroups('groups:\n', file, orgs)).toEqual([]);
  });
  it('names the file, the group and the field that is wrong', () => {
    const missing = `groups:\n  - name: A\n    focus: B\n    where: C\n    contact: D\n`;
    expect(() => parseLocalGroups(missing, file, orgs)).toThrow(/local-groups\.yaml:[\s\S]*groups\[0\] \(group 1\)\.when/);
    const badOrg = `groups:\n  - { name: A, focus: B, where: C, when: D, contact: E, organisation: nope }\n`;
    expect(() => parseLocalGroups(badOrg, file, orgs)).toThrow(/group 1\)\.organisation: unknown organisation "nope"/);
    expect(() => parseLocalGroups('groups: [', file, orgs)).toThrow(/not valid YAML/);
  });
});

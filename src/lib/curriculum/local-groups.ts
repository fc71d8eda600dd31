// The local-groups file an organisation edits by hand: parsed and validated with messages that name the
// file, the group and the field, so a typo fails the build clearly instead of printing a broken handout.
import { parse } from 'yaml';
import { localGroupsFileSchema, type LocalGroup } from './schemas.ts';

export function parseLocalGroups(text: string, file: string, organisationIds: ReadonlySet<string>): LocalGroup[] {
  let data: unknown;
  try {
    data = parse(text) ?? { groups: [] };
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const result = localGroupsFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const [, index, field] = i.path;
      return typeof index === 'number'
        ? `groups[${index}] (group ${index + 1})${field ? `.${String(field)}` : ''}: ${i.message}`
        : `${i.path.join('.') || 'file'}: ${i.message}`;
    });
    throw new Error(`${file}:\n  - ${problems.join('\n  - ')}`);
  }
  result.data.groups.forEach((g, i) => {
    if (g.organisation && !organisationIds.has(g.organisation)) {
      throw new Error(`${file}: groups[${i}] (group ${i + 1}).organisation: unknown organisation "${g.organisation}"`);
    }
  });
  return result.data.groups;
}

import type { Organisation } from './schemas.ts';

export const KIND_LABELS: Record<Organisation['kind'], string> = {
  'twelve-step': '12-step groups',
  'dual-focus': 'Dual-focus groups (mental health and substance use)',
  'cognitive-behavioural': 'Cognitive-behavioural self-help',
  mixed: 'Mixed approach',
  'diagnosis-specific': 'Groups for a particular diagnosis',
  'peer-network': 'Peer networks',
  'family-and-advocacy': 'Family, peer and advocacy organisations',
  'secular-recovery': 'Self-management recovery groups (not 12-step)',
};

/** Organisations grouped by kind, kinds in the order above, names alphabetical within a kind. */
export function groupByKind<T extends { data: Organisation }>(entries: readonly T[]): { kind: Organisation['kind']; label: string; entries: T[] }[] {
  return (Object.keys(KIND_LABELS) as Organisation['kind'][])
    .map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      entries: entries.filter((e) => e.data.kind === kind).sort((a, b) => a.data.name.localeCompare(b.data.name)),
    }))
    .filter((g) => g.entries.length > 0);
}

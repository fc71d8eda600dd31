// Questionnaire versions: compared as numbers part by part, and the newest of the one questionnaire at hand,
// which the import reads exports that name none as (REDCap, Qualtrics, a long CSV without an instrument
// column) and `npm run instrument` writes by default. Small and pure: the CLI's instrument command and the
// build load it without the import's readers.

/** Semantic versions compared part by part (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The questionnaire files that name none (REDCap and Qualtrics exports, a long CSV without an instrument
 * column) are read as: the newest version of the one questionnaire available, or null when there are
 * several questionnaires (then the user must choose).
 */
export function defaultInstrument<T extends { id: string; version: string }>(instruments: readonly T[]): T | null {
  if (instruments.length === 0 || new Set(instruments.map((i) => i.id)).size !== 1) return null;
  return instruments.reduce((a, b) => (compareVersions(b.version, a.version) > 0 ? b : a));
}

// The learner's result file: the attempt's signed records as a JSON array (docs/formats.md, format 2).
import { attemptRecords, type Attempt } from '../lib/learner/learner-state.ts';
import { downloadJson } from './download.ts';

export function resultFileName(unitId: string, attempt: Attempt): string {
  const records = attemptRecords(attempt);
  const date = (records.at(-1)?.completedAt ?? attempt.startedAt).slice(0, 10);
  return `result-${unitId.replace(/\+/g, '_')}-${attempt.participant ?? 'no-code'}-${date}.json`;
}

export function downloadAttempt(unitId: string, attempt: Attempt): void {
  downloadJson(resultFileName(unitId, attempt), attemptRecords(attempt));
}

// The learner's result file: the attempt's signed records as a JSON array (README, format 2).
import { attemptRecords, type Attempt } from '../lib/learner/learner-state.ts';
import { downloadJson } from './download.ts';

export function resultFileName(moduleId: string, attempt: Attempt): string {
  const date = (attempt.post.completedAt ?? attempt.pre.completedAt ?? attempt.startedAt).slice(0, 10);
  return `result-${moduleId}-${attempt.participant ?? 'no-code'}-${date}.json`;
}

export function downloadAttempt(moduleId: string, attempt: Attempt): void {
  downloadJson(resultFileName(moduleId, attempt), attemptRecords(attempt));
}


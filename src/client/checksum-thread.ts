// The evaluator worker's side of the thread that checks records' checksums (checksum-worker.ts): starts
// it, and gives the import a LaterChecksums that sends it batches and waits for their answers.
import { batchedChecksums, type ChecksumBatch, type LaterChecksums } from '../lib/import/checksums-later.ts';
import type { ChecksumReply, ChecksumRequest } from './checksum-worker.ts';

/** The checksum thread, started now; null where this worker cannot start one. */
export function startChecksumThread(): { checker(): LaterChecksums } | null {
  if (typeof Worker === 'undefined') return null;
  let thread: Worker;
  try {
    thread = new Worker(new URL('./checksum-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  const waiting = new Map<number, { resolve(n: number): void; reject(e: Error): void }>();
  let broken: Error | null = null;
  let next = 0;
  thread.onmessage = ({ data }: MessageEvent<ChecksumReply>) => {
    const asked = waiting.get(data.id);
    waiting.delete(data.id);
    if ('failed' in data) asked?.reject(new Error(data.failed));
    else asked?.resolve(data.mismatches);
  };
  const stop = (why: string) => {
    broken = new Error(why);
    for (const asked of waiting.values()) asked.reject(broken);
    waiting.clear();
  };
  thread.onerror = (event) => {
    event.preventDefault();
    stop(event.message || 'the checksum thread stopped');
  };
  thread.onmessageerror = () => stop('an answer of the checksum thread could not be read');
  const send = (batch: ChecksumBatch) =>
    new Promise<number>((resolve, reject) => {
      if (broken) return reject(broken);
      const id = next++;
      waiting.set(id, { resolve, reject });
      thread.postMessage({ id, batch } satisfies ChecksumRequest, [batch.bytes.buffer, batch.ends.buffer]);
    });
  return { checker: () => batchedChecksums(send) };
}

// Signing records on the learner pages with the browser's own
// SHA-256 (Web Crypto), so the pages ship no hashing code; where Web Crypto is missing (not a secure
// context), a worker does it. Same results as the synchronous versions in src/lib/records/sign.ts.
import { checksumInput, type ResultRecord, type UnsignedRecord } from '../lib/records/result-record.ts';

function sha256InWorker(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sha256-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<string>) => (resolve(event.data), worker.terminate());
    worker.onerror = () => (reject(new Error('this browser could not compute the checksum')), worker.terminate());
    worker.postMessage(text);
  });
}

export async function sha256HexAsync(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256InWorker(text);
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const signRecordAsync = async (record: UnsignedRecord): Promise<ResultRecord> => ({ ...record, checksum: await sha256HexAsync(checksumInput(record)) });

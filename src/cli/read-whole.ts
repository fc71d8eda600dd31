// Reading a large input file for the CLI while the library loads.
import { open, readFile } from 'node:fs/promises';

/**
 * A file's bytes read in one request to the thread pool where it can be (readFile reads 512 KB at a time,
 * and each next read waits for this thread, which is busy loading the library meanwhile). A file that has
 * grown since `size` was seen is read again whole.
 */
export async function readWhole(name: string, size: number): Promise<Buffer> {
  const handle = await open(name, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, got, size + 1 - got, got);
      got += bytesRead;
      if (bytesRead === 0 || got > size) break;
    }
    return got <= size ? buffer.subarray(0, got) : await readFile(name);
  } finally {
    await handle.close();
  }
}

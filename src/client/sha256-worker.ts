// SHA-256 off the page, for the rare learner page that is not a secure context (an LMS served over plain
// http, where the browser's Web Crypto is missing): loaded only then, as a worker, so no page carries it.
import { sha256Hex } from '../lib/util/sha256.ts';

self.onmessage = (event: MessageEvent<string>) => postMessage(sha256Hex(event.data));

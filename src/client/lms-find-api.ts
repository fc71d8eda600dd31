// The standard SCORM API discovery walk: this window's parents, then the opener and its parents, up to a
// fixed depth. Frames from another origin cannot be read; they are skipped, never fatal.
import type { Scorm12Api } from '../lib/scorm-cmi5/scorm12.ts';
import type { Scorm2004Api } from '../lib/scorm-cmi5/scorm2004.ts';

const MAX_DEPTH = 500;

function lookIn<T>(start: Window | null, name: 'API' | 'API_1484_11'): T | null {
  let win: Window | null = start;
  for (let depth = 0; win && depth < MAX_DEPTH; depth++) {
    try {
      const api = (win as unknown as Record<string, unknown>)[name];
      if (api && typeof api === 'object') return api as T;
    } catch {
      /* another origin: keep walking */
    }
    if (win.parent === win) break;
    win = win.parent;
  }
  return null;
}

export function findApi<T extends Scorm12Api | Scorm2004Api>(name: 'API' | 'API_1484_11', from: Window = window): T | null {
  const found = lookIn<T>(from.parent === from ? null : from.parent, name) ?? lookIn<T>(from, name);
  if (found) return found;
  let opener: Window | null = null;
  try {
    opener = from.top?.opener ?? from.opener ?? null;
  } catch {
    opener = null;
  }
  return opener ? lookIn<T>(opener, name) : null;
}

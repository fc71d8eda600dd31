// Pulling the "submitted" statements (each carrying a whole result record) from an LRS, page by page as
// the xAPI statement resource serves them (`more` links), so memory stays bounded by the page size.
// Credentials are given by the caller (the CLI reads LRS_KEY and LRS_SECRET from the environment) and
// never appear in a message. Works with any fetch (Node's, the browser's, a test's).
import { SUBMITTED_VERB } from '../records/xapi-vocabulary.ts';

export interface LrsQuery {
  /** The LRS's xAPI endpoint, e.g. https://lrs.example.org/xapi/ */
  endpoint: string;
  /** The activity (AU or course IRI) whose statements to read; related activities included. */
  activity: string;
  /** Only statements stored since this time (ISO 8601). */
  since?: string;
  key: string;
  secret: string;
  /** Statements per page asked for (the LRS may send fewer). */
  limit?: number;
  fetch?: typeof fetch;
}

export class LrsError extends Error {}

/** A URL as it may be shown: no user name or password in it. */
export function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return `${copy.origin}${copy.pathname}`;
}

export function firstPageUrl(q: LrsQuery): URL {
  let base: URL;
  try {
    base = new URL(q.endpoint.endsWith('/') ? q.endpoint : `${q.endpoint}/`);
  } catch {
    throw new LrsError(`"${q.endpoint.slice(0, 100)}" is not an LRS address (give the xAPI endpoint, e.g. https://lrs.example.org/xapi/)`);
  }
  if (!/^https?:$/.test(base.protocol)) throw new LrsError('the LRS address must start with https:// (or http:// for a local test server)');
  if (base.username || base.password) throw new LrsError('put the LRS credentials in LRS_KEY and LRS_SECRET, not in the address');
  const url = new URL('statements', base);
  url.searchParams.set('verb', SUBMITTED_VERB.id);
  url.searchParams.set('activity', q.activity);
  url.searchParams.set('related_activities', 'true');
  url.searchParams.set('limit', String(q.limit ?? 500));
  if (q.since) url.searchParams.set('since', q.since);
  return url;
}

/** Each page's statements in turn, following `more` until the LRS says there is no more. */
export async function* statementPages(q: LrsQuery): AsyncGenerator<unknown[]> {
  const doFetch = q.fetch ?? fetch;
  const auth = `Basic ${btoa(`${q.key}:${q.secret}`)}`;
  let url: URL | null = firstPageUrl(q);
  const seen = new Set<string>();
  while (url) {
    if (seen.has(url.href)) throw new LrsError(`the LRS sent the same "more" link twice (${shownUrl(url)}); stopped to avoid a loop`);
    seen.add(url.href);
    let response: Response;
    try {
      response = await doFetch(url, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', Accept: 'application/json' } });
    } catch (error) {
      throw new LrsError(`the LRS at ${shownUrl(url)} could not be reached (${(error as Error).message})`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new LrsError(`the LRS refused the credentials (HTTP ${response.status}): check LRS_KEY and LRS_SECRET`);
    }
    if (!response.ok) throw new LrsError(`the LRS answered HTTP ${response.status} for ${shownUrl(url)}`);
    let page: { statements?: unknown; more?: unknown };
    try {
      page = (await response.json()) as typeof page;
    } catch {
      throw new LrsError(`the LRS sent something that is not JSON for ${shownUrl(url)}`);
    }
    if (!Array.isArray(page?.statements)) throw new LrsError(`the LRS sent no statement list for ${shownUrl(url)}`);
    yield page.statements;
    const more = typeof page.more === 'string' && page.more !== '' ? page.more : null;
    // "more" is relative to the LRS's host; it must stay on that host (the credentials go with it).
    const next: URL | null = more ? new URL(more, url) : null;
    if (next && next.origin !== url.origin) throw new LrsError(`the LRS's "more" link points to another host (${next.origin}); not followed`);
    url = next;
  }
}

// The rules for an LRS's address and credentials, one set for both places that talk to an LRS: the CLI's
// pull (--lrs with LRS_KEY and LRS_SECRET) and the site's organisation LRS (ORG_LRS_*, at build time). Each
// caller words the problem for its own option or variable; the rules are these.

/** Hosts a plain http:// address may name: this machine, for tests. Anywhere else credentials would cross the network in clear text. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The same, for messages: "127.0.0.1, localhost or [::1]". */
export const LOCAL_HOST_NAMES = [...LOCAL_HOSTS].join(', ').replace(/, ([^,]*)$/, ' or $1');

export type EndpointProblem = 'not-an-address' | 'not-https' | 'credentials' | 'query' | 'statements';

const STATEMENTS_AT_END = /statements\/?$/i;

/** The endpoint whose statement resource an address ending in "statements" is (…/xapi/statements → …/xapi/), for messages. */
export const endpointOfStatements = (url: URL): string => `${url.origin}${url.pathname.replace(STATEMENTS_AT_END, '')}`;

/**
 * An LRS's xAPI endpoint (ending in "/"), or what is wrong with it: not a web address; not https (http only
 * for this machine); a user name or password in it (they belong in the key and secret); a query or fragment
 * (the statement resource's address is made from the endpoint, and would drop them); the statement
 * resource's own address (…/statements: "statements" would be added a second time).
 */
export function checkLrsEndpoint(raw: string): { url: URL; problem?: undefined } | { problem: EndpointProblem; url?: URL } {
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    return { problem: 'not-an-address' };
  }
  if (url.username || url.password) return { problem: 'credentials', url };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return { problem: 'not-https', url };
  if (url.search || url.hash) return { problem: 'query', url };
  if (/\/statements\/$/i.test(url.pathname)) return { problem: 'statements', url };
  return { url };
}

export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** What is wrong with an LRS key or secret for HTTP Basic authentication, or null: empty, a control character, ":" in a key. */
export function credentialProblem(value: string, isKey: boolean): 'empty' | 'control' | 'colon' | null {
  if (value === '') return 'empty';
  if (CONTROL_CHARACTER.test(value)) return 'control';
  if (isKey && value.includes(':')) return 'colon';
  return null;
}

/** Why a key or secret (named as the user gives it: LRS_KEY, ORG_LRS_SECRET…) cannot be used, for a control character or a ":" in a key. */
export function credentialProblemText(name: string, problem: 'control' | 'colon'): string {
  return problem === 'control'
    ? `${name} has a control character (a line break?) in it`
    : `${name} must not contain ":" (HTTP Basic authentication cannot carry it)`;
}

/** The Authorization header for a key and secret: HTTP Basic, with the text as UTF-8 (RFC 7617), so any character travels as typed. */
export function basicAuthorization(key: string, secret: string): string {
  return `Basic ${btoa(Array.from(new TextEncoder().encode(`${key}:${secret}`), (b) => String.fromCharCode(b)).join(''))}`;
}

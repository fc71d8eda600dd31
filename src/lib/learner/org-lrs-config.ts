// The organisation LRS a standalone site may be built with (docs/organisation-lrs.md): checked when the
// site is built, so a malformed address or a missing key fails the build with a message naming the
// variable, never its secret value. Pure.
import {
  basicAuthorization,
  CONTROL_CHARACTER,
  checkLrsEndpoint,
  credentialProblem,
  credentialProblemText,
  endpointOfStatements,
  LOCAL_HOST_NAMES,
} from '../util/lrs-address.ts';

/** What the results pages get: where to send, how to sign in, and whom to name to the learner. */
export interface OrgLrsSettings {
  /** The LRS's xAPI endpoint, ending in "/" (statements go to `<endpoint>statements`). */
  endpoint: string;
  /** The HTTP Authorization header of the LRS's write-only client (Basic, as xAPI's LRSs all accept). */
  authorization: string;
  /** The organisation named in the consent text. */
  organisation: string;
  /** The activity every statement names as its parent: what the evaluator gives as `--activity`. */
  activity: string;
}

export const ORG_LRS_DEFAULT_ACTIVITY = 'urn:mutual-support-training:site';
const VARIABLES = ['ORG_LRS_ENDPOINT', 'ORG_LRS_KEY', 'ORG_LRS_SECRET', 'ORG_NAME', 'ORG_LRS_ACTIVITY'] as const;

export class OrgLrsConfigError extends Error {}

const fail = (text: string): never => {
  throw new OrgLrsConfigError(`${text} (see docs/organisation-lrs.md)`);
};

function endpointOf(raw: string): string {
  const { url, problem } = checkLrsEndpoint(raw);
  if (problem === 'not-an-address') return fail("ORG_LRS_ENDPOINT is not a web address: give the LRS's xAPI endpoint, e.g. https://lrs.example.org/xapi/");
  if (problem === 'credentials') fail('ORG_LRS_ENDPOINT has a user name or password in it: put the credentials in ORG_LRS_KEY and ORG_LRS_SECRET instead');
  if (problem === 'not-https') {
    fail(`ORG_LRS_ENDPOINT must start with https:// (got ${url!.protocol}//${url!.host}); http:// is accepted only for ${LOCAL_HOST_NAMES}, for tests`);
  }
  if (problem === 'query') fail('ORG_LRS_ENDPOINT must not have a query (?…) or fragment (#…): give the xAPI endpoint itself');
  if (problem === 'statements')
    fail(
      `ORG_LRS_ENDPOINT must be the xAPI endpoint without "statements" at the end (e.g. ${endpointOfStatements(url!)}): records are sent to its "statements" resource`,
    );
  const href = url!.href;
  // It is written into the pages' Content-Security-Policy, where these characters would end the source.
  if (/[\s;,'"]/.test(href))
    fail(`ORG_LRS_ENDPOINT has a character a Content-Security-Policy cannot hold (; , ' " or a space) in ${url!.origin}${url!.pathname}`);
  return href;
}

function secretOf(name: 'ORG_LRS_KEY' | 'ORG_LRS_SECRET', raw: string | undefined): string {
  const value = raw ?? '';
  const problem = credentialProblem(value, name === 'ORG_LRS_KEY');
  if (problem === 'empty')
    fail(`ORG_LRS_ENDPOINT is set but ${name} is not: create a write-only (statements/write) client in the LRS and give its key and secret`);
  if (problem === 'control' || problem === 'colon') fail(credentialProblemText(name, problem));
  return value;
}

/**
 * The organisation LRS from the build's environment, or null when ORG_LRS_ENDPOINT is not set (the site
 * then sends nothing anywhere). Throws OrgLrsConfigError naming the variable that is wrong.
 */
export function orgLrsFromEnv(env: Readonly<Record<string, string | undefined>>): OrgLrsSettings | null {
  const raw = (name: (typeof VARIABLES)[number]) => env[name]?.trim() ?? '';
  if (raw('ORG_LRS_ENDPOINT') === '') {
    const stray = VARIABLES.filter((name) => raw(name) !== '');
    if (stray.length)
      fail(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but ORG_LRS_ENDPOINT is not: set the endpoint too, or none of them for a site that sends results nowhere`,
      );
    return null;
  }
  const endpoint = endpointOf(raw('ORG_LRS_ENDPOINT'));
  const key = secretOf('ORG_LRS_KEY', env.ORG_LRS_KEY);
  const secret = secretOf('ORG_LRS_SECRET', env.ORG_LRS_SECRET);
  const organisation = raw('ORG_NAME').replace(/\s+/g, ' ');
  if (organisation === '')
    fail("ORG_LRS_ENDPOINT is set but ORG_NAME is not: give the organisation's name as learners know it (it is named when they are asked)");
  if (organisation.length > 100 || CONTROL_CHARACTER.test(organisation)) fail('ORG_NAME must be a name of at most 100 characters on one line');
  const activity = raw('ORG_LRS_ACTIVITY') || ORG_LRS_DEFAULT_ACTIVITY;
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(activity))
    fail(`ORG_LRS_ACTIVITY must be an IRI such as ${ORG_LRS_DEFAULT_ACTIVITY} or https://example.org/training (no spaces)`);
  return { endpoint, authorization: basicAuthorization(key, secret), organisation, activity };
}

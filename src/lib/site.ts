// The site's name and its Content-Security-Policy: shared by the page head of every page, the LMS wrapper
// (which adds what talking to an LMS needs) and the LMS packages.
export const SITE_NAME = 'Mutual support groups: training for providers';

/** A page's document title: the page, then the site. */
export const pageTitle = (page: string): string => `${page} | ${SITE_NAME}`;

/**
 * Scripts only from this site; inline styles are Astro's own scoped CSS. Connections only to this site and
 * the origins given: the LMS wrapper's LMS origins (it also shows the module's pages in a same-origin
 * frame), or on a results page the organisation LRS endpoint the site was built with (and nowhere else:
 * the browser enforces it as well as the page).
 */
export function contentSecurityPolicy(page: 'site' | 'lms-wrapper' = 'site', connectTo: readonly string[] = []): string {
  const connect = `connect-src ${["'self'", ...connectTo].join(' ')}${page === 'lms-wrapper' ? "; frame-src 'self'" : ''}`;
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ${connect}; object-src 'none'; base-uri 'self'; form-action 'self'`;
}

/** The pages that may send to an organisation's LRS (with the learner's yes): the module results pages. */
export const sendsToOrgLrs = (pathname: string): boolean => /^\/modules\/[^/]+\/results\/?$/.test(pathname);

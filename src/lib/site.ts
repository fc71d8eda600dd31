// The site's name and its Content-Security-Policy: shared by the page head of every page, the LMS wrapper
// (which adds what talking to an LMS needs) and the LMS packages.
export const SITE_NAME = 'Mutual support groups: training for providers';

/** A page's document title: the page, then the site. */
export const pageTitle = (page: string): string => `${page} | ${SITE_NAME}`;

/**
 * Scripts only from this site; inline styles are Astro's own scoped CSS. The LMS wrapper also shows the
 * module's pages in a same-origin frame and may send cmi5 statements to the LMS origins allowed when the
 * site or package was built (and nowhere else: the browser enforces it as well as the wrapper).
 */
export function contentSecurityPolicy(page: 'site' | 'lms-wrapper' = 'site', lmsOrigins: readonly string[] = []): string {
  const connect = page === 'lms-wrapper' ? `connect-src ${["'self'", ...lmsOrigins].join(' ')}; frame-src 'self'` : "connect-src 'self'";
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ${connect}; object-src 'none'; base-uri 'self'; form-action 'self'`;
}

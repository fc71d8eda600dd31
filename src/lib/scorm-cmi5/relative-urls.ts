// Built pages use root-relative URLs (href="/modules/…", src="/_astro/…"). Inside an LMS the site lives
// in some folder of the LMS's server, so the packager rewrites every such URL in the HTML to a path
// relative to the page, and names index.html explicitly (LMS file servers often have no directory
// index). One exception: `data-step-path`, which the pages store as "where the learner was" and the
// overview uses as a link, becomes relative to the module's overview (e.g. "pre/index.html"), the only
// page that follows it. Pure.

const ATTRIBUTE = /(\s(?:href|src|action|poster|data-[\w-]+)=")(\/(?!\/)[^"]*)"/g;
const QUOTED_IN_ATTRIBUTE = /&quot;(\/(?!\/)[^&"]*)&quot;/g;
const CSS_URL = /url\((["']?)(\/(?!\/)[^)"']*)\1\)/g;
const STEP_PATH = /(\sdata-step-path=")\/modules\/[^/"]+\/([^"]*)"/g;

/** "/modules/m/pre/#x" → "modules/m/pre/index.html#x" (no leading slash). */
function withIndex(url: string): string {
  const at = url.search(/[?#]/);
  const path = at < 0 ? url : url.slice(0, at);
  const rest = at < 0 ? '' : url.slice(at);
  return `${path.replace(/^\//, '')}${path.endsWith('/') ? 'index.html' : ''}${rest}`;
}

/** A root-relative URL as seen from the page at `pagePath` (e.g. "modules/m/pre/index.html"). */
export function relativeUrl(url: string, pagePath: string): string {
  const depth = pagePath.split('/').length - 1;
  return '../'.repeat(depth) + withIndex(url);
}

export function relativizeHtml(html: string, pagePath: string): string {
  const rel = (url: string) => relativeUrl(url, pagePath);
  return html
    .replace(STEP_PATH, (_, before: string, rest: string) => `${before}${withIndex(rest)}"`)
    .replace(ATTRIBUTE, (_, before: string, url: string) => `${before}${rel(url)}"`)
    .replace(QUOTED_IN_ATTRIBUTE, (_, url: string) => `&quot;${rel(url)}&quot;`)
    .replace(CSS_URL, (_, quote: string, url: string) => `url(${quote}${rel(url)}${quote})`);
}

/** Root-relative URLs left in a page (what the packager could not rewrite): for its check. */
export function rootRelativeLeft(html: string): string[] {
  const found = [...html.matchAll(/(?:\s[\w-]+="|&quot;|url\(["']?)(\/(?!\/)[^"&)'\s]*)/g)].map((m) => m[1]!);
  return [...new Set(found)];
}

/**
 * Site paths a script writes from the root (`/modules/${id}/`, `/_astro/x.js`), which would not resolve
 * inside a package. Scripts take their links from their page instead (moduleLinks in learner-path.ts),
 * and the build writes the URLs of workers and chunks relative to the script (astro.config.mjs).
 */
export function rootRelativeInScript(js: string): string[] {
  return [...new Set([...js.matchAll(/["'`](\/(?:modules|_astro|resources|assignment|trainer|evaluate|lms|about|es)\/[^"'`]*)/g)].map((m) => m[1]!))];
}

/**
 * Whether the bundler's dynamic-import helper resolves the chunks it loads from the importing script's
 * URL (`new URL(dep, import.meta.url)`), as the build is configured to: its default resolves them from
 * the site's root, which inside a package is the LMS's root. True for a script without the helper.
 */
export function preloadHelperIsRelative(js: string): boolean {
  return !js.includes('__vite__mapDeps') || /function\((\w+),(\w+)\)\{return new URL\(\1,\2\)\.href\}/.test(js);
}

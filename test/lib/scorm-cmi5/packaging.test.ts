import { describe, expect, it } from 'vitest';
import { preloadHelperIsRelative, relativeUrl, relativizeHtml, rootRelativeInScript, rootRelativeLeft } from '../../../src/lib/scorm-cmi5/relative-urls.ts';
import {
  cmi5CourseStructure,
  defaultPackageOptions,
  launchUrl,
  scorm12Manifest,
  scorm2004Manifest,
  type PackageDescription,
} from '../../../src/lib/scorm-cmi5/manifests.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedLaunchPage, parseArgs, siteFiles } from '../../../src/cli/package.ts';
import { moduleLinks, type ModuleLinks } from '../../../src/lib/learner/learner-path.ts';
import { allowedOrigins, cmi5LaunchProblem, urlAllowed } from '../../../src/lib/scorm-cmi5/config.ts';
import { parseOrigins } from '../../../src/lib/scorm-cmi5/course-config.ts';
import { contentSecurityPolicy } from '../../../src/lib/site.ts';

describe('relative URLs for packages', () => {
  it('rewrites root-relative links, scripts, JSON in attributes and CSS, naming index.html', () => {
    const page = 'modules/m/pre/index.html';
    const html = `<link rel="icon" href="/favicon.svg"><a href="/">Home</a><a href="#main">Skip</a><a href="https://x.example/">x</a>
<div data-module="m" data-step-path="/modules/m/pre/"></div><form data-questionnaire="{&quot;nextPath&quot;:&quot;/modules/m/lessons/01/&quot;}" data-next="/modules/m/pre/"></form>
<script type="module" src="/_astro/a.js"></script><a href="/modules/m/results/#top">r</a><style>.x{background:url('/img/a.png')}</style><a href="//cdn.example/x">p</a>`;
    const out = relativizeHtml(html, page);
    expect(out).toContain('href="../../../favicon.svg"');
    expect(out).toContain('href="../../../index.html"');
    expect(out).toContain('href="#main"');
    expect(out).toContain('href="https://x.example/"');
    expect(out).toContain('data-step-path="pre/index.html"');
    expect(out).toContain('&quot;nextPath&quot;:&quot;../../../modules/m/lessons/01/index.html&quot;');
    expect(out).toContain('data-next="../../../modules/m/pre/index.html"');
    expect(out).toContain('src="../../../_astro/a.js"');
    expect(out).toContain('href="../../../modules/m/results/index.html#top"');
    expect(out).toContain("url('../../../img/a.png')");
    expect(out).toContain('href="//cdn.example/x"');
    expect(rootRelativeLeft(out)).toEqual([]);
    expect(rootRelativeLeft(html).length).toBeGreaterThan(3);
    expect(relativeUrl('/', 'index.html')).toBe('index.html');
  });

  it("accepts the bundler's preload helper only when it loads chunks from the script's own URL", () => {
    const deps = 'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./c.js"])))=>i.map(i=>d[i]);';
    expect(preloadHelperIsRelative(`${deps}var $t=function(e,t){return new URL(e,t).href},en={};`)).toBe(true);
    expect(preloadHelperIsRelative(`${deps}var fe=function(e){return\`/\`+e},pe={};`)).toBe(false);
    expect(preloadHelperIsRelative('var x=1')).toBe(true);
  });

  it('finds the site paths a script builds from the root, which a package cannot resolve', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a built script's text, not a template
    expect(rootRelativeInScript('a.href=`/modules/${t}/follow-up/`;b=new URL(`/_astro/ics-worker-X.js`,import.meta.url)')).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a built script's text, not a template
      '/modules/${t}/follow-up/',
      '/_astro/ics-worker-X.js',
    ]);
    // Relative chunk and worker URLs, and text that only mentions a path, are fine.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a built script's text, not a template
    expect(rootRelativeInScript('import("./c.js");new URL(`ics-worker-X.js`,import.meta.url);x=`${location.origin}/modules/${m}/`')).toEqual([]);
  });

  it("rewrites the module links a page hands its script, like the page's own links", () => {
    const links = JSON.stringify(moduleLinks(['a', 'b']));
    const html = `<div data-module-links="${links.replaceAll('"', '&quot;')}"></div>`;
    const out = relativizeHtml(html, 'modules/a/post/index.html');
    expect(rootRelativeLeft(out)).toEqual([]);
    const rewritten = JSON.parse(/data-module-links="([^"]*)"/.exec(out)![1]!.replaceAll('&quot;', '"')) as ModuleLinks;
    expect(rewritten.b).toEqual({
      overview: '../../../modules/b/index.html',
      pre: '../../../modules/b/pre/index.html',
      post: '../../../modules/b/post/index.html',
      followup: '../../../modules/b/follow-up/index.html',
    });
  });
});

describe('manifests', () => {
  const description = (options = defaultPackageOptions()): PackageDescription => ({
    id: 'course',
    title: 'Course & more <1>',
    description: 'About',
    modules: [
      { id: 'a-one', title: 'One', summary: 'First' },
      { id: 'b-two', title: 'Two "quoted"', summary: 'Second' },
    ],
    files: ['lms/launch/index.html', 'modules/a-one/index.html', '_astro/x y.js'],
    options,
  });

  it('SCORM 1.2: schema 1.2, one SCO per module launching the wrapper, all files listed, escaped', () => {
    const xml = scorm12Manifest(description());
    expect(xml).toContain('<schemaversion>1.2</schemaversion>');
    expect(xml).toContain('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"');
    expect(xml.match(/adlcp:scormtype="sco"/g)).toHaveLength(2);
    expect(xml).toContain('href="lms/launch/index.html?lms=scorm12&amp;module=a-one"');
    expect(xml).toContain('<title>Course &amp; more &lt;1&gt;</title>');
    expect(xml).toContain('<file href="_astro/x%20y.js"/>');
    expect(xml).not.toContain('masteryscore');
    expect(scorm12Manifest(description({ ...defaultPackageOptions(), masteryScore: 0.8 }))).toContain('<adlcp:masteryscore>80</adlcp:masteryscore>');
  });

  it('SCORM 2004 4th edition: ADL CP namespaces, scormType sco, mastery as minNormalizedMeasure', () => {
    const xml = scorm2004Manifest(description());
    expect(xml).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    for (const ns of [
      'http://www.imsglobal.org/xsd/imscp_v1p1',
      'http://www.adlnet.org/xsd/adlcp_v1p3',
      'http://www.adlnet.org/xsd/adlseq_v1p3',
      'http://www.adlnet.org/xsd/adlnav_v1p3',
      'http://www.imsglobal.org/xsd/imsss',
    ]) {
      expect(xml).toContain(ns);
    }
    expect(xml.match(/adlcp:scormType="sco"/g)).toHaveLength(2);
    expect(xml).toContain('lms=scorm2004&amp;module=b-two');
    expect(xml).not.toContain('minNormalizedMeasure');
    const mastered = scorm2004Manifest(description({ ...defaultPackageOptions(), masteryScore: 0.75 }));
    expect(mastered).toContain('satisfiedByMeasure="true"');
    expect(mastered).toContain('<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>');
  });

  it('cmi5: one AU per module, AnyWindow, moveOn Completed, options in the launch URL', () => {
    const xml = cmi5CourseStructure(description());
    expect(xml).toContain('xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"');
    expect(xml.match(/<au /g)).toHaveLength(2);
    expect(xml.match(/launchMethod="AnyWindow"/g)).toHaveLength(2);
    expect(xml.match(/moveOn="Completed"/g)).toHaveLength(2);
    expect(xml).toContain('<course id="urn:mutual-support-training:course">');
    expect(xml).toContain('<au id="urn:mutual-support-training:au/a-one"');
    expect(xml).not.toContain('masteryScore');
    const options = { ...defaultPackageOptions(), includeLmsLearnerId: true, cohort: 'Ward 7', masteryScore: 0.8, moveOn: 'CompletedAndPassed' as const };
    expect(cmi5CourseStructure(description(options))).toContain('masteryScore="0.8"');
    expect(launchUrl('cmi5', 'a-one', options)).toBe('lms/launch/index.html?lms=cmi5&module=a-one&cohort=Ward+7&lid=1');
    expect(launchUrl('scorm12', 'a-one', defaultPackageOptions())).not.toContain('lid');
  });

  it('packager options: learner id off by default; Passed needs a mastery score', () => {
    expect(parseArgs([])).toMatchObject({ includeLmsLearnerId: false, masteryScore: null, moveOn: 'Completed', dist: 'dist', out: 'dist-packages' });
    expect(parseArgs(['--include-lms-learner-id', '--mastery-score', '0.8', '--move-on', 'CompletedAndPassed'])).toMatchObject({
      includeLmsLearnerId: true,
      masteryScore: 0.8,
    });
    expect(() => parseArgs(['--move-on', 'Passed'])).toThrow(/mastery-score/);
    expect(() => parseArgs(['--mastery-score', '80'])).toThrow(/0 to 1/);
    expect(() => parseArgs(['--nope'])).toThrow(/unknown option/);
  });
});

describe('who the wrapper may talk to', () => {
  const page = `<head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('lms-wrapper').replace(/'/g, '&#39;')}" /></head>
<script type="application/json" id="lms-config">${JSON.stringify({ version: 1, allowedOrigins: [], packaged: false, modules: [] })}</script>`;

  it('on the public site: no LMS origin at all, so a crafted cmi5 link is refused before anything is sent', () => {
    expect(contentSecurityPolicy('lms-wrapper')).toContain("connect-src 'self'; frame-src 'self'");
    expect(contentSecurityPolicy('lms-wrapper')).not.toMatch(/https?:[;\s]/);
    const origins = allowedOrigins({ allowedOrigins: [], packaged: false }, 'https://training.example.org');
    expect(origins).toEqual([]);
    expect(cmi5LaunchProblem('?endpoint=https://evil.example/xapi/&fetch=https://evil.example/token', origins)).toMatch(/not set up to talk to any LMS/);
  });

  it('in a package: its own origin and the --allow-origin list, in the wrapper and in its CSP', () => {
    const packaged = packagedLaunchPage(page, ['https://lrs.example.org']);
    const config = JSON.parse(/id="lms-config">([^<]*)</.exec(packaged)![1]!);
    expect(config).toMatchObject({ packaged: true, allowedOrigins: ['https://lrs.example.org'] });
    expect(packaged).toContain('connect-src &#39;self&#39; https://lrs.example.org; frame-src');
    const origins = allowedOrigins(config, 'https://lms.example.org');
    expect(cmi5LaunchProblem('?endpoint=https://lrs.example.org/xapi/&fetch=https://lms.example.org/token', origins)).toBeNull();
    // A second copy of a parameter, which a cmi5 library may read instead of the first one checked.
    const allowed = 'endpoint=https://lrs.example.org/xapi/&fetch=https://lms.example.org/token';
    expect(cmi5LaunchProblem(`?${allowed}&endpoint=https://evil.example/xapi/&fetch=https://evil.example/token`, origins)).toMatch(/gives endpoint 2 times/);
    expect(cmi5LaunchProblem(`?${allowed}&fetch=https://lms.example.org/token`, origins)).toMatch(/gives fetch 2 times/);
    expect(cmi5LaunchProblem('?endpoint=https://lrs.example.org.evil.example/xapi/&fetch=https://lms.example.org/t', origins)).toMatch(
      /not one of the LMS addresses/,
    );
    expect(cmi5LaunchProblem('?endpoint=javascript:alert(1)&fetch=https://lms.example.org/t', origins)).toMatch(/endpoint/);
    expect(cmi5LaunchProblem('?fetch=https://lms.example.org/t', origins)).toMatch(/no endpoint/);
    expect(urlAllowed('/back', origins, 'https://lms.example.org/pkg/lms/launch/')).toBe(true);
    expect(urlAllowed('https://phish.example/', origins)).toBe(false);
  });

  it('takes origins only in the form scheme://host[:port]', () => {
    expect(parseArgs(['--allow-origin', 'https://lrs.example.org', '--allow-origin', 'http://localhost:8080']).allowOrigins).toEqual([
      'https://lrs.example.org',
      'http://localhost:8080',
    ]);
    expect(() => parseArgs(['--allow-origin', 'https://lrs.example.org/xapi/'])).toThrow(/scheme, host and port only/);
    expect(() => parseArgs(['--allow-origin', 'lrs.example.org'])).toThrow(/not an origin/);
    expect(parseOrigins('https://a.example, https://b.example:8443 https://a.example')).toEqual(['https://a.example', 'https://b.example:8443']);
  });
});

describe('a site built with an organisation LRS', () => {
  it('is refused by the packager, so the LRS write key never travels inside LMS packages', () => {
    const dist = mkdtempSync(join(tmpdir(), 'pkg-org-lrs-'));
    try {
      mkdirSync(join(dist, 'modules/m/results'), { recursive: true });
      writeFileSync(join(dist, 'index.html'), '<!doctype html><p>home</p>');
      expect(siteFiles(dist).size).toBe(1);
      writeFileSync(join(dist, 'modules/m/results/index.html'), '<!doctype html><script type="application/json" id="org-lrs-data">{}</script>');
      expect(() => siteFiles(dist)).toThrow(/modules\/m\/results\/index.html offers to send results to an organisation LRS.*without the ORG_LRS_\* variables/);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('a site whose script builds a link from the root', () => {
  it('is refused by the packager, naming the script and the link', () => {
    const dist = mkdtempSync(join(tmpdir(), 'pkg-root-link-'));
    try {
      mkdirSync(join(dist, '_astro'), { recursive: true });
      writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/_astro/a.js"></script>');
      writeFileSync(join(dist, '_astro/a.js'), 'import "./b.js";');
      expect(siteFiles(dist).size).toBe(2);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a built script's text, not a template
      writeFileSync(join(dist, '_astro/a.js'), 'location.assign(`/modules/${id}/`)');
      expect(() => siteFiles(dist)).toThrow(/_astro\/a\.js: builds the root-relative URL \/modules\/\$\{id\}\/ in script/);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

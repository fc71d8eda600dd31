// ReviewStatement (module pages, facilitator guides) and GuideText (guide lines), through Astro's container API.
import { readFileSync } from 'node:fs';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import ReviewStatement from '../../src/components/ReviewStatement.astro';
import GuideText from '../../src/components/GuideText.astro';
import { reviewSchema } from '../../src/collections/review.ts';

const container = await AstroContainer.create();
/** The markup without Astro's development attributes (source locations, scoped-style ids). */
const clean = (html: string) => html.replace(/\s+data-astro-[\w-]+(="[^"]*")?/g, '');
/** What a reader sees: tags as spaces, entities decoded, no space before punctuation. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,:;?])/g, '$1')
    .trim();

describe('ReviewStatement', () => {
  const review = reviewSchema.parse(parse(readFileSync('content/modules/knowing-the-landscape.yaml', 'utf8')).review);

  it('shows the review date, the evidence search, reviewers by role, lived-experience review, conflicts and how to report an error', async () => {
    const html = clean(await container.renderToString(ReviewStatement, { props: { review } }));
    const shown = text(html);
    expect(html).toContain(`<time datetime="${review.lastReviewed}" data-last-reviewed>`);
    expect(shown).toContain('Last content review 2 December 2026. Due for review again by 2 December 2028.');
    expect(shown).toContain(`Evidence last searched 2 December 2026. ${review.evidenceSearchScope}`);
    for (const r of review.reviewers) expect(shown).toContain(`${r.role}: ${r.reviewed}`);
    expect(shown).toContain(`Review by people with lived experience ${review.livedExperienceReview}`);
    expect(shown).toContain(`Conflicts of interest ${review.conflicts}`);
    expect(shown).toContain(`Found an error? ${review.reportErrors}`);
  });

  it('is a labelled section with a heading at the level asked for', async () => {
    const html = clean(await container.renderToString(ReviewStatement, { props: { review, headingLevel: 'h3', id: 'rs' } }));
    expect(html).toMatch(/<section[^>]*aria-labelledby="rs"/);
    expect(html).toMatch(/<h3[^>]*id="rs"[^>]*>Review and authorship<\/h3>/);
  });

  it('leaves out the search scope when there is none', async () => {
    const html = await container.renderToString(ReviewStatement, { props: { review: { ...review, evidenceSearchScope: undefined } } });
    expect(text(html)).toContain('Evidence last searched 2 December 2026. Reviewed by');
  });
});

describe('GuideText', () => {
  it('turns `backticks` into code and site paths into links, and escapes everything else', async () => {
    const html = clean(
      await container.renderToString(GuideText, {
        props: { text: 'Run `npm run package`, then open /trainer/roster/ and /evaluate/. Not a/b/ or https://x.org/a/ <b>' },
      }),
    );
    expect(html).toContain('<code>npm run package</code>');
    expect(html).toContain('<a href="/trainer/roster/">/trainer/roster/</a>');
    expect(html).toContain('<a href="/evaluate/">/evaluate/</a>.');
    expect(html).not.toContain('href="/b/"');
    expect(html).not.toContain('href="/x.org');
    expect(html).toContain('&lt;b&gt;');
  });
});

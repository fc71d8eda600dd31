// LocalGroupList (resource directory, English and Spanish handouts), through Astro's container API: the
// English labels and staff note by default, a translation's labels and plain sentence when passed.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';
import LocalGroupList from '../../src/components/LocalGroupList.astro';

const container = await AstroContainer.create();
/** The markup without Astro's development attributes (source locations, scoped-style ids). */
const clean = (html: string) => html.replace(/\s+data-astro-[\w-]+(="[^"]*")?/g, '');
const group = { name: 'Tuesday circle', focus: 'Adults with depression', where: 'Library, room 3', when: 'Tuesdays 6 pm', contact: '555-0100' };
const spanish = { for: 'Para', where: 'Dónde', when: 'Cuándo', contact: 'Contacto' };

describe('LocalGroupList', () => {
  it('labels each group in English by default', async () => {
    const html = clean(await container.renderToString(LocalGroupList, { props: { groups: [group] } }));
    expect(html).toMatch(/<h3 class="group-name"[^>]*>Tuesday circle<\/h3>/);
    for (const [label, value] of [
      ['For', group.focus],
      ['Where', group.where],
      ['When', group.when],
      ['Contact', group.contact],
    ]) {
      expect(html).toContain(`<dt>${label}</dt><dd>${value}</dd>`);
    }
  });

  it("uses a translation's labels when given", async () => {
    const html = clean(await container.renderToString(LocalGroupList, { props: { groups: [group], labels: spanish } }));
    expect(html).toContain('<dt>Dónde</dt><dd>Library, room 3</dd>');
    expect(html).not.toMatch(/<dt>(For|Where|When|Contact)<\/dt>/);
  });

  it('with no groups: the note for staff in English, or the plain sentence a translation passes', async () => {
    const english = clean(await container.renderToString(LocalGroupList, { props: { groups: [] } }));
    expect(english).toMatch(/<p class="muted" data-no-local-groups>\s*No local groups have been added yet\./);
    expect(english).toContain('<code>content/resources/local-groups.yaml</code>');
    const sentence = 'Todavía no hay grupos locales en esta lista.';
    const translated = clean(await container.renderToString(LocalGroupList, { props: { groups: [], labels: spanish, emptyText: sentence } }));
    expect(translated).toBe(`<p data-no-local-groups>${sentence}</p>`);
  });
});

import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';
import ChoiceQuestion from '../../src/components/ChoiceQuestion.astro';
import { lookupFor } from '../../src/lib/instrument/scoring.ts';
import { shippedInstrument } from '../fixtures/instruments.ts';

const instrument = shippedInstrument();
const container = await AstroContainer.create();

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .trim();

function parse(html: string) {
  const fieldsets = [...html.matchAll(/<fieldset\b[^>]*>([\s\S]*?)<\/fieldset>/g)];
  return fieldsets.map((m) => ({
    legend: text(/<legend[^>]*>([\s\S]*?)<\/legend>/.exec(m[1]!)?.[1] ?? ''),
    radios: [...m[1]!.matchAll(/<input\b([^>]*)>/g)].map((i) => i[1]!),
    labels: [...m[1]!.matchAll(/<label\b[^>]*for="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map((l) => ({ for: l[1], text: text(l[2]!) })),
  }));
}

describe('ChoiceQuestion', () => {
  it('renders every item of the instrument as a fieldset with a legend and labelled native radios', async () => {
    const lookup = lookupFor(instrument);
    for (const item of instrument.items) {
      const points = lookup.responseScaleOf(item).points;
      const html = await container.renderToString(ChoiceQuestion, {
        props: { kind: 'item', name: item.id, legend: item.text, options: points.map((p) => ({ value: p.value, label: p.label })) },
      });
      const [fieldset, ...rest] = parse(html);
      expect(rest).toHaveLength(0);
      expect(fieldset!.legend).toBe(item.text);
      expect(fieldset!.radios).toHaveLength(points.length);
      fieldset!.radios.forEach((attrs, i) => {
        expect(attrs).toMatch(/type="radio"/);
        expect(attrs).toContain(`name="${item.id}"`);
        expect(attrs).toContain(`value="${points[i]!.value}"`);
        const id = /id="([^"]+)"/.exec(attrs)![1];
        expect(fieldset!.labels.find((l) => l.for === id)?.text).toBe(points[i]!.label);
      });
      expect(html).not.toMatch(/<table/);
    }
  });

  it('renders demographic questions the same way, including "Prefer not to say"', async () => {
    for (const question of instrument.demographics) {
      const html = await container.renderToString(ChoiceQuestion, {
        props: { kind: 'demographic', name: `demo-${question.id}`, legend: question.text, options: question.options },
      });
      const [fieldset] = parse(html);
      expect(fieldset!.legend).toBe(question.text);
      expect(fieldset!.labels.map((l) => l.text)).toContain('Prefer not to say');
    }
  });

  it('ties a hint to the fieldset with aria-describedby', async () => {
    const html = await container.renderToString(ChoiceQuestion, {
      props: {
        kind: 'item',
        name: 'x',
        legend: 'Q',
        hint: 'Think of the past month',
        options: [
          { value: 1, label: 'A' },
          { value: 2, label: 'B' },
        ],
      },
    });
    expect(html).toMatch(/<fieldset[^>]*aria-describedby="x-hint"/);
    expect(html).toMatch(/id="x-hint"[^>]*>Think of the past month/);
  });
});

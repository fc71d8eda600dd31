// Plain reading text of an MDX lesson, for word counts and readability: frontmatter, imports and markup
// removed; the words of knowledge checks (question, options, feedback) kept, because learners read them.
const STRING_PROP = /\b(?:question|text|feedback)\s*[:=]\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;

export function lessonPlainText(mdx: string): string {
  let text = mdx.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  text = text.replace(/<KnowledgeCheck\b[\s\S]*?\/>/g, (check) =>
    [...check.matchAll(STRING_PROP)].map((m) => sentence(JSON.parse(m[1]!.startsWith("'") ? `"${m[1]!.slice(1, -1).replace(/"/g, '\\"')}"` : m[1]!))).join(' '),
  );
  return text
    .replace(/^(import|export)\s.*$/gm, '')
    .replace(/<Cite\b[^>]*\/>/g, '')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+(.*)$/gm, (_, h: string) => sentence(h))
    .replace(/^\s*(?:[-*+]|\d+\.)\s+(.*)$/gm, (_, item: string) => sentence(item))
    .replace(/[*_`>]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Ends a heading or list item with a full stop so readability formulas see it as a sentence. */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

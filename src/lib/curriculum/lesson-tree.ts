// A lesson read as MDX: the syntax tree of the same parser family @mdx-js/mdx uses (micromark's MDX
// extensions), and the three things the build and the checks take from it: the references a lesson cites
// (<Cite k="…" />), its knowledge checks (<KnowledgeCheck … />, options as a literal array), and its
// plain reading text. One place for each rule; no regular expressions over markup.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { frontmatter } from 'micromark-extension-frontmatter';
import { mdxjs } from 'micromark-extension-mdxjs';
import type { Nodes, Parent, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

export class LessonSyntaxError extends Error {}

export function parseLesson(mdx: string, where = 'lesson'): Root {
  try {
    return fromMarkdown(mdx, { extensions: [mdxjs(), frontmatter(['yaml'])], mdastExtensions: [mdxFromMarkdown(), frontmatterFromMarkdown(['yaml'])] });
  } catch (error) {
    throw new LessonSyntaxError(`${where}: ${(error as Error).message}`);
  }
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes, visit);
}

const isJsx = (node: Nodes, name: string): node is JsxElement => (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === name;

function attribute(el: JsxElement, name: string): MdxJsxAttribute | undefined {
  return el.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
}

/** A string attribute (name="…"), or an error naming the element. */
function stringAttribute(el: JsxElement, name: string, where: string): string {
  const a = attribute(el, name);
  if (!a || typeof a.value !== 'string') throw new LessonSyntaxError(`${where}: <${el.name}> needs ${name}="…" as plain text`);
  return a.value;
}

/** The reference keys a lesson cites, in order of appearance. */
export function citedKeys(tree: Root, where = 'lesson'): string[] {
  const keys: string[] = [];
  walk(tree, (node) => {
    if (isJsx(node, 'Cite')) keys.push(stringAttribute(node, 'k', where));
  });
  return keys;
}

export interface CheckOption {
  text: string;
  correct: boolean;
  feedback: string;
}

export interface LessonCheck {
  id: string;
  question: string;
  options: CheckOption[];
}

type Estree = { type: string; [key: string]: unknown };

/** The value of a literal expression (strings, numbers, booleans, arrays, plain objects); nothing else. */
function literal(node: Estree, where: string): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'ArrayExpression':
      return (node.elements as Estree[]).map((e) => literal(e, where));
    case 'ObjectExpression':
      return Object.fromEntries(
        (node.properties as Estree[]).map((p) => {
          const key = p.key as Estree;
          if (p.type !== 'Property' || p.computed) throw new LessonSyntaxError(`${where}: only plain properties are allowed in options`);
          return [key.type === 'Identifier' ? (key.name as string) : String(key.value), literal(p.value as Estree, where)];
        }),
      );
    case 'TemplateLiteral':
      if ((node.expressions as unknown[]).length === 0) return (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('');
      break;
  }
  throw new LessonSyntaxError(`${where}: options may hold only text, true/false and lists ({ text, correct, feedback }), not ${node.type}`);
}

/** The lesson's knowledge checks in order, with their options as written. */
export function knowledgeChecks(tree: Root, where = 'lesson'): LessonCheck[] {
  const checks: LessonCheck[] = [];
  walk(tree, (node) => {
    if (!isJsx(node, 'KnowledgeCheck')) return;
    const id = stringAttribute(node, 'id', where);
    const question = stringAttribute(node, 'question', where);
    const value = attribute(node, 'options')?.value;
    const program = typeof value === 'object' && value !== null ? (value.data?.estree as { body: Estree[] } | undefined) : undefined;
    const expression = program?.body[0]?.type === 'ExpressionStatement' ? (program.body[0].expression as Estree) : undefined;
    if (!expression) throw new LessonSyntaxError(`${where}: <KnowledgeCheck id="${id}"> needs options={[…]}`);
    const options = literal(expression, `${where} <KnowledgeCheck id="${id}">`);
    if (!Array.isArray(options)) throw new LessonSyntaxError(`${where}: <KnowledgeCheck id="${id}">: options must be a list`);
    checks.push({
      id,
      question,
      options: options.map((o) => {
        const opt = o as Partial<CheckOption>;
        if (typeof opt.text !== 'string' || typeof opt.feedback !== 'string')
          throw new LessonSyntaxError(`${where}: <KnowledgeCheck id="${id}">: each option needs text and feedback`);
        return { text: opt.text, correct: opt.correct === true, feedback: opt.feedback };
      }),
    });
  });
  return checks;
}

/** Ends a heading or list item with a full stop so readability formulas see it as a sentence. */
function sentence(s: string): string {
  const t = s.trim();
  return t === '' || /[.!?:]$/.test(t) ? t : `${t}.`;
}

/**
 * Plain reading text for word counts and readability: paragraphs, headings and list items (each ending
 * as a sentence), emphasis and links as their words, citations and front matter left out, and the words
 * of knowledge checks (question, options, feedback) kept, because learners read them.
 */
export function lessonPlainText(tree: Root, where = 'lesson'): string {
  const blocks: string[] = [];
  const inline = (node: Nodes): string => {
    if (node.type === 'text' || node.type === 'inlineCode') return node.value;
    if (isJsx(node, 'Cite')) return '';
    if ('children' in node) return (node as Parent).children.map((c) => inline(c as Nodes)).join('');
    return '';
  };
  const block = (node: Nodes): void => {
    switch (node.type) {
      case 'heading':
        blocks.push(sentence(inline(node)));
        return;
      case 'paragraph':
        blocks.push(
          inline(node)
            .replace(/[ \t]+/g, ' ')
            .trim(),
        );
        return;
      case 'listItem':
        for (const child of node.children) {
          if (child.type === 'paragraph') blocks.push(sentence(inline(child)));
          else block(child as Nodes);
        }
        return;
      case 'yaml':
      case 'code':
      case 'mdxjsEsm':
        return;
    }
    if (isJsx(node, 'KnowledgeCheck')) {
      const check = knowledgeChecks({ type: 'root', children: [node as MdxJsxFlowElement] }, where)[0]!;
      blocks.push([check.question, ...check.options.flatMap((o) => [sentence(o.text), o.feedback])].map((s) => s.trim()).join(' '));
      return;
    }
    if ('children' in node) for (const child of (node as Parent).children) block(child as Nodes);
  };
  block(tree);
  return blocks.filter(Boolean).join('\n');
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

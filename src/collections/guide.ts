// Facilitator guides for pages: each module's guide (content/guide/<module>.yaml) with the module it
// delivers, checked against the module's lessons and its review date. Any problem fails the build with
// the file named.
import { getCollection } from 'astro:content';
import { loadCourse, lessonSlug, type CourseModule } from './course.ts';
import { guideProblems, type Guide } from './guide-schema.ts';
import { assertReviewCurrent } from './review.ts';

export interface ModuleGuide {
  module: CourseModule;
  guide: Guide;
  /** The guide's lessons in the module's order, with each lesson's title and page. */
  lessons: { id: string; title: string; href: string; discussion: string[] }[];
}

let cached: Promise<ModuleGuide[]> | undefined;

export function loadGuides(): Promise<ModuleGuide[]> {
  return (cached ??= build());
}

async function build(): Promise<ModuleGuide[]> {
  const [{ modules }, guides] = await Promise.all([loadCourse(), getCollection('guides')]);
  const problems: string[] = [];
  const result: ModuleGuide[] = [];
  for (const mod of modules) {
    assertReviewCurrent(mod.id, mod.data.review);
    const guide = guides.find((g) => g.id === mod.id)?.data;
    const lessonIds = mod.lessons.map(lessonSlug);
    const found = guideProblems(mod.id, guide, lessonIds);
    problems.push(...found);
    if (!guide || found.length) continue;
    result.push({
      module: mod,
      guide,
      lessons: mod.lessons.map((l) => ({
        id: lessonSlug(l),
        title: l.data.title,
        href: `/modules/${mod.id}/lessons/${lessonSlug(l)}/`,
        discussion: guide.lessons.find((g) => g.lesson === lessonSlug(l))!.discussion,
      })),
    });
  }
  for (const g of guides) if (!modules.some((m) => m.id === g.id)) problems.push(`content/guide/${g.id}.yaml: no module content/modules/${g.id}.yaml`);
  if (problems.length) throw new Error(`Invalid facilitator guide:\n  - ${problems.join('\n  - ')}`);
  return result;
}

export async function getGuide(moduleId: string): Promise<ModuleGuide> {
  const found = (await loadGuides()).find((g) => g.module.id === moduleId);
  if (!found) throw new Error(`no facilitator guide for module "${moduleId}"`);
  return found;
}

/** getStaticPaths for /trainer/guide/[module]/: one page per module. */
export async function guideStaticPaths() {
  return (await loadGuides()).map((g) => ({ params: { module: g.module.id } }));
}

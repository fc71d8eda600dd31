// Resource directory data for pages: national organisations (collection) and the organisation's own
// local groups (a hand-edited YAML file), both validated at build time.
import { getCollection } from 'astro:content';
import localGroupsText from '../../content/resources/local-groups.yaml?raw';
import { parseLocalGroups } from '../lib/curriculum/local-groups.ts';
import { loadCourse } from './course.ts';

const LOCAL_GROUPS_FILE = 'content/resources/local-groups.yaml';

export async function loadResources() {
  const organisations = await getCollection('organisations');
  const { references } = await loadCourse();
  for (const org of organisations) {
    org.data.sources.forEach((key, i) => {
      if (!references.has(key)) throw new Error(`content/resources/organisations/${org.id}.yaml: sources[${i}]: unknown reference "${key}"`);
    });
  }
  const localGroups = parseLocalGroups(localGroupsText, LOCAL_GROUPS_FILE, new Set(organisations.map((o) => o.id)));
  return { organisations, localGroups, references };
}

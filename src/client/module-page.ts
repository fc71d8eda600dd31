// Runs on every page of a module, and on the assignment page: remembers where the learner is in a module,
// and shows storage problems. Each such page's own script imports this file for its effect (not ModuleLayout: a script of its own there would be
// one more small file on every page, each compressed on its own for the JavaScript budget).
import { setLastPath } from '../stores/activity.ts';
import { $storageProblem, storedSnapshot, type StorageProblem } from '../stores/storage.ts';
import { downloadJson } from './download.ts';

function showStorageBanner(banner: HTMLElement, problem: StorageProblem): void {
  banner.querySelectorAll<HTMLElement>('[data-storage-kind]').forEach((p) => (p.hidden = p.dataset.storageKind !== problem.kind));
  banner.querySelector('[data-storage-detail]')!.textContent = problem.detail;
  banner.hidden = false;
}

function initModulePage(): void {
  const root = document.querySelector<HTMLElement>('[data-module]');
  const banner = document.querySelector<HTMLElement>('[data-storage-banner]');
  if (!banner) return;
  $storageProblem.subscribe((problem) => problem && showStorageBanner(banner, problem));
  banner.querySelector('[data-storage-download]')!.addEventListener('click', () => {
    downloadJson('mutual-support-training-saved-answers.json', { savedAt: new Date().toISOString(), problem: $storageProblem.get(), stored: storedSnapshot() });
  });
  if (root?.dataset.module && root.dataset.stepKind !== 'overview') setLastPath(root.dataset.module, root.dataset.stepPath!);
}

initModulePage();

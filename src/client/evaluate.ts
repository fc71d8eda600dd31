// The evaluator dashboard: the files are read and analysed in a worker (evaluate-worker.ts: the same
// import, matching and analysis as the CLI, src/lib), which sends back the report as escaped HTML. The
// page shows progress, can cancel (by ending the worker), lists the files with problems, and asks the
// worker for the downloads. Nothing is uploaded.
import type { EvaluateRequest, EvaluateResponse, EvaluateSummary, Phase } from './evaluate-messages.ts';
import { downloadFile as download } from './download.ts';

const PHASES: Record<Phase, string> = {
  reading: 'Reading the files',
  importing: 'Checking the records',
  analysing: 'Matching and analysing',
  rendering: 'Writing the report',
};

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function initEvaluate(): void {
  const form = document.querySelector<HTMLFormElement>('[data-evaluate-form]')!;
  const status = document.querySelector<HTMLElement>('[data-evaluate-status]')!;
  const errorBox = document.querySelector<HTMLElement>('[data-evaluate-error]')!;
  const results = document.querySelector<HTMLElement>('[data-results]')!;
  const progressBox = document.querySelector<HTMLElement>('[data-evaluate-progress]')!;
  const progressBar = progressBox.querySelector('progress')!;
  const progressText = progressBox.querySelector<HTMLElement>('[data-progress-text]')!;
  const cancel = progressBox.querySelector<HTMLButtonElement>('[data-evaluate-cancel]')!;
  const problemsBox = document.querySelector<HTMLElement>('[data-evaluate-problems]')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const filesInput = form.querySelector<HTMLInputElement>('#files')!;
  const drop = form.querySelector<HTMLElement>('[data-drop]')!;
  const shipped = document.getElementById('shipped-instruments')!.textContent!;
  const knowledge = document.getElementById('knowledge-banks')!.textContent!;
  const modules = document.getElementById('course-modules')!.textContent!;
  let dropped: File[] | null = null;
  /** The worker holding the current analysis (its data set serves the downloads), and whether it is busy. */
  let worker: Worker | null = null;
  let busy = false;
  /**
   * A worker started ahead, while the page is idle, so that Analyse does not wait for the analysis code to
   * load and start (about half a second of 10,000 learners' three); made again once an analysis ends, not
   * while one runs. One that fails before it is used is let go: Analyse then starts one of its own, whose
   * failure is shown.
   */
  let spare: Worker | null = null;
  const newWorker = () => new Worker(new URL('./evaluate-worker.ts', import.meta.url), { type: 'module' });
  const prepare = () => {
    if (spare) return;
    const ahead = newWorker();
    ahead.onerror = (event) => {
      event.preventDefault();
      if (spare === ahead) spare = null;
    };
    spare = ahead;
  };
  /**
   * The files are read as soon as they are chosen, by the worker started ahead, while the user sets the
   * options and presses Analyse (reading 27 MB takes this Chromium about 0.3 s). `choice` counts the
   * choices; `readBy` is the worker asked to read the current one, and `readList` the very files it was
   * given: Analyse uses that reading only for those File objects (choosing the same path again after the
   * file changed gives new ones, without a change event in Chromium).
   */
  let choice = 0;
  let readBy: Worker | null = null;
  let readList: File[] = [];
  const readAhead = (files: File[]) => {
    choice++;
    readBy = null;
    readList = [];
    if (busy) return; // never while an analysis runs: Analyse then reads them
    prepare();
    // An empty choice is sent too: the worker lets go of the files it read before.
    spare!.postMessage({ type: 'read', files, choice } satisfies EvaluateRequest);
    if (files.length === 0) return;
    readBy = spare;
    readList = files;
  };
  const whenIdle = (run: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 200));
  whenIdle(prepare);

  /** While the worker works: progress shown, Analyse off; Cancel only for an analysis (a download is quick). */
  const setBusy = (on: boolean, cancellable = true) => {
    busy = on;
    progressBox.hidden = !on;
    cancel.hidden = !cancellable;
    submit.disabled = on;
  };
  const fail = (message: string) => {
    setBusy(false);
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    status.textContent = '';
  };
  const stop = () => {
    worker?.terminate();
    worker = null;
    setBusy(false);
  };

  const showProblems = (s: EvaluateSummary) => {
    problemsBox.replaceChildren();
    problemsBox.hidden = s.filesWithProblems.length === 0;
    if (problemsBox.hidden) return;
    const heading = document.createElement('p');
    heading.textContent = `Problems in ${plural(s.filesWithProblems.length + s.moreFiles, 'file')} (what was not imported, and why, is under "Import problems" in the report). The other files were analysed.`;
    const list = document.createElement('ul');
    for (const f of s.filesWithProblems) {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = f.file; // a file name is shown as text, never as markup
      li.append(name, `: ${[f.errors && plural(f.errors, 'error'), f.warnings && plural(f.warnings, 'warning')].filter(Boolean).join(', ')}`);
      list.append(li);
    }
    if (s.moreFiles) list.append(Object.assign(document.createElement('li'), { textContent: `and ${plural(s.moreFiles, 'more file')}` }));
    problemsBox.append(heading, list);
  };

  const onMessage = (event: MessageEvent<EvaluateResponse>) => {
    const m = event.data;
    if (m.type === 'progress') {
      progressBar.max = Math.max(1, m.total);
      progressBar.value = m.done;
      progressText.textContent = `${PHASES[m.phase]}${m.total > 1 ? `: ${m.done.toLocaleString('en')} of ${plural(m.total, 'file')}` : ''}…`;
    } else if (m.type === 'error') {
      fail(m.message);
      whenIdle(prepare);
    } else if (m.type === 'file') {
      setBusy(false);
      download(m.name, m.data, m.mime);
      status.textContent = `Downloaded ${m.name}.`;
    } else {
      setBusy(false);
      document.querySelector('[data-report]')!.innerHTML = m.reportHtml;
      document.querySelector('[data-charts]')!.innerHTML = m.chartsHtml;
      showProblems(m.summary);
      results.hidden = false;
      const s = m.summary;
      status.textContent = `Analysed: ${s.recordsRead} records read, ${s.imported} imported, ${s.rejected} rejected, ${s.matched} matched pairs. ${s.problems} problem${s.problems === 1 ? '' : 's'} listed in the report.`;
      results.focus();
      whenIdle(prepare);
    }
  };

  const start = (request: EvaluateRequest) => {
    worker = spare ?? newWorker();
    spare = null;
    worker.onmessage = onMessage;
    worker.onerror = (event) => {
      event.preventDefault();
      stop();
      fail(`The analysis could not run: ${event.message || 'the browser stopped it (out of memory?)'}`);
      whenIdle(prepare);
    };
    setBusy(true);
    worker.postMessage(request);
  };

  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    dropped = [...(e.dataTransfer?.files ?? [])];
    readAhead(dropped);
    status.textContent = `${plural(dropped.length, 'file')} dropped. Press Analyse.`;
  });
  filesInput.addEventListener('change', () => {
    dropped = null;
    readAhead([...(filesInput.files ?? [])]);
  });

  cancel.addEventListener('click', () => {
    stop();
    whenIdle(prepare);
    status.textContent = 'Cancelled. Nothing was analysed; choose the files again or press Analyse.';
    submit.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    errorBox.hidden = true;
    const chosen = dropped ?? [...(filesInput.files ?? [])];
    if (!chosen.length) return fail('Choose at least one result file (JSON or CSV, or a REDCap or Qualtrics export).');
    // The worker that will run it read these files ahead, if it is the one started ahead and asked to.
    const readAheadChoice =
      spare !== null && spare === readBy && chosen.length === readList.length && chosen.every((f, i) => f === readList[i]) ? choice : null;
    stop(); // a new analysis replaces the previous one (and its downloads)
    results.hidden = true;
    problemsBox.hidden = true;
    status.textContent = `Analysing ${plural(chosen.length, 'file')}…`;
    start({
      type: 'analyse',
      files: chosen,
      readAhead: readAheadChoice,
      instrumentFile: form.querySelector<HTMLInputElement>('#instrument-file')!.files?.[0] ?? null,
      fuzzy: form.querySelector<HTMLInputElement>('#fuzzy')!.checked,
      redcapEvents: form.querySelector<HTMLInputElement>('#redcap-events')!.value,
      timepoints: form.querySelector<HTMLInputElement>('#timepoint')!.value,
      shipped,
      knowledge,
      modules,
    });
  });

  results.querySelector('[data-downloads]')!.addEventListener('click', (event) => {
    const kind = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-download]')?.dataset.download;
    if (!kind || !worker || busy) return;
    setBusy(true, false);
    progressText.textContent = kind === 'csv' ? 'Preparing the CSV files and codebook…' : 'Preparing the report…';
    progressBar.removeAttribute('value');
    worker.postMessage({ type: 'download', kind } as EvaluateRequest);
  });
}

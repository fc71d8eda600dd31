// The evaluator dashboard: reads files in the browser, runs the same import, matching and analysis as the
// CLI (src/lib), and shows the report with charts. Nothing is uploaded.
import { zipSync, strToU8 } from 'fflate';
import { analyzeDataset, buildDataset, exportAllFiles, importFiles, listInstruments, type Dataset, type Report } from '../lib/analysis/index.ts';
import { renderReportBody, renderReportHtml } from '../lib/analysis/export-html.ts';
import { chartFigure, itemDistributions, itemDivergingCharts, scaleChangeChart } from '../lib/analysis/charts.ts';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import { parseInstrument } from '../lib/instrument/load.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { downloadFile as download } from './download.ts';

interface Shipped { instrument: Instrument; hash: string }

export function initEvaluate(): void {
  const form = document.querySelector<HTMLFormElement>('[data-evaluate-form]')!;
  const status = document.querySelector<HTMLElement>('[data-evaluate-status]')!;
  const errorBox = document.querySelector<HTMLElement>('[data-evaluate-error]')!;
  const results = document.querySelector<HTMLElement>('[data-results]')!;
  const filesInput = form.querySelector<HTMLInputElement>('#files')!;
  const drop = form.querySelector<HTMLElement>('[data-drop]')!;
  const shipped = JSON.parse(document.getElementById('shipped-instruments')!.textContent!) as Shipped[];
  let dropped: File[] | null = null;
  // What the downloads are made from. They are built when asked for, not with every analysis: the CSV
  // files for 10,000 learners take seconds to write (37 MB of long responses alone).
  let current: { dataset: Dataset; report: Report; instrument: Instrument; stamp: string } | null = null;

  const fail = (message: string) => {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    status.textContent = '';
  };

  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    dropped = [...(e.dataTransfer?.files ?? [])];
    status.textContent = `${dropped.length} file${dropped.length === 1 ? '' : 's'} dropped. Press Analyse.`;
  });
  filesInput.addEventListener('change', () => { dropped = null; });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const chosen = dropped ?? [...(filesInput.files ?? [])];
    if (!chosen.length) return fail('Choose at least one result file (JSON or CSV).');
    status.textContent = `Reading ${chosen.length} file${chosen.length === 1 ? '' : 's'}…`;
    try {
      const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
      const instrumentFile = form.querySelector<HTMLInputElement>('#instrument-file')!.files?.[0];
      let instrument: Instrument;
      let hash: string;
      if (instrumentFile) {
        instrument = parseInstrument(await instrumentFile.text(), instrumentFile.name);
        hash = instrumentFingerprint(instrument);
      } else {
        const named = listInstruments(files).sort((a, b) => b.records - a.records);
        const match = named.map((ref) => shipped.find((s) => s.instrument.id === ref.id && s.instrument.version === ref.version)).find(Boolean) ?? (named.length ? undefined : shipped[0]);
        if (!match) {
          return fail(`These files use a questionnaire this site does not ship (${named.map((n) => `${n.id} ${n.version}`).join(', ')}). Choose its definition file under Options.`);
        }
        instrument = match.instrument;
        hash = match.hash;
      }
      const fuzzy = form.querySelector<HTMLInputElement>('#fuzzy')!.checked;
      const importResult = importFiles(files, instrument, hash);
      const dataset = buildDataset(importResult, instrument, { fuzzy });
      const report = analyzeDataset(dataset, { fuzzy });
      const charts = [scaleChangeChart(report, dataset), ...itemDivergingCharts(itemDistributions(dataset))].filter((c) => c !== null);
      // The report markup comes from the same renderer as the CLI's HTML file, which escapes every
      // imported string; nothing from the files is ever inserted as markup.
      document.querySelector('[data-report]')!.innerHTML = renderReportBody(report, instrument);
      document.querySelector('[data-charts]')!.innerHTML = charts.map(chartFigure).join('');
      const stamp = report.meta.generatedAt.slice(0, 10);
      current = { dataset, report, instrument, stamp };
      results.hidden = false;
      const f = report.sampleFlow;
      status.textContent = `Analysed: ${f.recordsRead} records read, ${f.imported} imported, ${f.rejected} rejected, ${f.matched} matched pairs. ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} listed in the report.`;
      results.focus();
    } catch (error) {
      fail(`The analysis could not run: ${(error as Error).message}`);
    }
  });

  results.querySelector('[data-downloads]')!.addEventListener('click', async (event) => {
    const kind = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-download]')?.dataset.download;
    if (!kind || !current) return;
    const { dataset, report, instrument, stamp } = current;
    if (kind === 'html') download(`evaluation-report-${stamp}.html`, renderReportHtml(report, instrument), 'text/html');
    if (kind === 'json') download(`evaluation-report-${stamp}.json`, JSON.stringify(report, null, 2), 'application/json');
    if (kind === 'csv') {
      const before = status.textContent;
      status.textContent = 'Preparing the CSV files and codebook…';
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the message show before the work starts
      const files = exportAllFiles(dataset, report);
      const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
      download(`evaluation-data-${stamp}.zip`, zip as Uint8Array<ArrayBuffer>, 'application/zip');
      status.textContent = before;
    }
  });
}

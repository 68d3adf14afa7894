import type { AuditReport, Grouping, Interval } from '../../server/src/engine/audit/report';
import type { ExtensionToWebview, WebviewToExtension } from '../../server/src/protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToExtension): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

const KEY_METRICS: Record<AuditReport['task'], string[]> = {
  classification: ['count', 'selection_rate', 'true_positive_rate', 'false_positive_rate', 'accuracy'],
  regression: ['count', 'mean_prediction', 'mean_absolute_error', 'r2'],
  dataset: ['count', 'base_rate'],
};

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  root.replaceChildren();
  if (message.type === 'error') root.append(element('p', message.message));
  else render(message.report);
});
vscode.postMessage({ type: 'ready' });

/** Builds the report with text nodes only: every string from the data file is untrusted. */
function render(report: AuditReport): void {
  root.append(
    element('h1', `Fairness audit: ${report.file}`),
    element('p', `${report.rows} rows (${report.rowsUsed} used), task ${report.task}, sensitive ${report.columns.sensitive.join(', ')}`),
  );
  for (const grouping of report.groupings) root.append(...groupingSection(report, grouping));
  if (report.warnings.length > 0) {
    const list = element('ul');
    for (const warning of report.warnings) list.append(element('li', warning.message));
    root.append(element('h2', 'Warnings'), list);
  }
}

function groupingSection(report: AuditReport, grouping: Grouping): HTMLElement[] {
  const metrics = KEY_METRICS[report.task];
  const table = element('table');
  table.append(row('th', [grouping.by.join(' × '), ...metrics]));
  for (const group of grouping.groups) {
    const cells = metrics.map((name) => valueCell(group.metrics[name], name === 'count' ? null : group.intervals[name], group.notes[name]));
    const label = element('td', Object.values(group.key).join(' & '));
    if (group.small) {
      label.className = 'small';
      label.title = `fewer than ${report.minGroupSize} rows: too small to judge`;
    }
    table.append(withCells(label, cells));
  }
  const aggregates = element('table');
  aggregates.append(row('th', ['aggregate', 'value']));
  for (const [name, value] of Object.entries(grouping.aggregates)) {
    aggregates.append(withCells(element('td', name), [valueCell(value, grouping.aggregateIntervals[name], grouping.aggregateNotes[name])]));
  }
  return [element('h2', `By ${grouping.by.join(' × ')}`), table, aggregates];
}

function valueCell(value: number | null | undefined, interval: Interval | null | undefined, note: string | undefined): HTMLElement {
  if (value === null || value === undefined) {
    const cell = element('td', '—');
    cell.className = 'missing';
    if (note) cell.title = note;
    return cell;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(3);
  return element('td', interval ? `${text} [${interval[0].toFixed(3)}, ${interval[1].toFixed(3)}]` : text);
}

function row(tag: 'th' | 'td', texts: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of texts) tr.append(element(tag, text));
  return tr;
}

function withCells(first: HTMLElement, cells: HTMLElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(first, ...cells);
  return tr;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

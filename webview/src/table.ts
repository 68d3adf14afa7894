import { CellModel, columnClass, ColumnModel, headLabelClass, RowModel, tableClass, tableFootnote, TableModel } from '../../common/render/table';
import { el } from './dom';

export interface SortState {
  column: string;
  descending: boolean;
}

export interface TableOptions {
  sort?: SortState;
  onSort(sort: SortState): void;
  /** An extra last cell per row (e.g. an Open button), given the row's index in `model.rows`. */
  action?: { header: string; cell(row: number): HTMLElement };
}

/**
 * A report table (common/render/table.ts) as DOM. Each header cell is one button filling the
 * cell, so a click anywhere on it, or Enter / Space, sorts (descending first); aria-sort says how.
 * Rows keep the model's order until sorted; footer rows stay last. Inside a sideways-scrolling
 * box, the sticky columns stay in view.
 */
export function tableElement(model: TableModel, options: TableOptions): HTMLElement {
  const table = el('table', { class: tableClass(model), 'aria-label': model.label, 'data-testid': `${model.id}-table` });
  const order = model.rows.map((_, i) => i);
  const render = (sort: SortState | undefined) => {
    const index = model.columns.findIndex((c) => c.key === sort?.column);
    const rows = [...order];
    if (sort && index >= 0) {
      rows.sort((a, b) => {
        const [x, y] = [sortKey(model.rows[a]!.cells[index]!), sortKey(model.rows[b]!.cells[index]!)];
        return x === null || y === null ? compare(x, y) : compare(x, y) * (sort.descending ? -1 : 1);
      });
    }
    const head = el(
      'tr',
      {},
      ...model.columns.map((column) => {
        const sorted = column.key === sort?.column;
        const mark = sorted ? (sort!.descending ? ' ▼' : ' ▲') : '';
        const button = el(
          'button',
          { class: 'sort', type: 'button', 'data-column': column.key },
          el('span', { class: headLabelClass(column) }, column.label, mark),
        );
        if (column.short) button.append(el('span', { class: 'head-short', 'aria-hidden': 'true' }, column.short, mark));
        if (column.hint) button.append(el('span', { class: 'hint' }, column.hint));
        button.title = `${column.title ?? column.label} — click to sort`;
        button.addEventListener('click', () => {
          const next = { column: column.key, descending: sorted ? !sort!.descending : true };
          options.onSort(next);
          render(next);
          (table.querySelector(`button[data-column="${CSS.escape(column.key)}"]`) as HTMLButtonElement | null)?.focus();
        });
        const th = el(
          'th',
          { scope: 'col', class: `${columnClass(column)} sortable`, 'aria-sort': sorted ? (sort!.descending ? 'descending' : 'ascending') : 'none' },
          button,
        );
        // the button fills the cell's width; a click on the rest of a taller cell sorts too
        th.addEventListener('click', (event) => {
          if (event.target === th) button.click();
        });
        return th;
      }),
      ...(options.action ? [el('th', { scope: 'col', class: 'col-text' }, options.action.header)] : []),
    );
    const body = el(
      'tbody',
      {},
      ...rows.map((i) => rowElement(model.columns, model.rows[i]!, options.action?.cell(i))),
      ...(model.footer ?? []).map((row) => rowElement(model.columns, row, options.action ? el('td') : undefined)),
    );
    table.replaceChildren(el('thead', {}, head), body);
  };
  render(options.sort);
  const scroller = el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': model.label }, table);
  const note = tableFootnote(model);
  return withScrollCue(model, scroller, note ? [el('p', { class: 'note table-footnote', 'data-testid': `${model.id}-footnote` }, note)] : []);
}

/**
 * A table wider than the panel: a line above it says more columns lie to the right, and its right
 * edge fades while they do. Its horizontal scroll bar is under its last row, often below the fold, so
 * a header cut at the edge ("Acc") read as a truncated name (cold try 11).
 */
function withScrollCue(model: TableModel, scroller: HTMLElement, after: HTMLElement[]): HTMLElement {
  const cue = el('p', { class: 'scroll-cue', 'data-testid': `${model.id}-more` }, 'Wider than the panel: scroll sideways for more columns →');
  cue.hidden = true;
  const frame = el('div', { class: 'table-frame' }, scroller);
  const update = () => {
    cue.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
    frame.classList.toggle('more-right', scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 1);
  };
  scroller.addEventListener('scroll', update, { passive: true });
  new ResizeObserver(update).observe(scroller);
  return el('div', { class: 'table-block' }, cue, frame, ...after);
}

function rowElement(columns: ColumnModel[], row: RowModel, action: HTMLElement | undefined): HTMLTableRowElement {
  const tr = el('tr', row.class ? { class: row.class } : {}, ...row.cells.map((cell, i) => cellElement(columns[i]!, cell)));
  if (row.title) tr.title = row.title;
  if (action) tr.append(action.tagName === 'TD' ? action : el('td', { class: 'col-text' }, action));
  return tr;
}

function cellElement(column: ColumnModel, cell: CellModel): HTMLTableCellElement {
  const td = el('td', { class: [columnClass(column), cell.class].filter(Boolean).join(' ') });
  if (column.kind === 'label') td.append(el('span', { class: 'truncate' }, cell.text));
  else if (cell.lines)
    cell.lines.forEach((line, i) =>
      td.append(i > 0 ? '\n' : '', line.text, ...(line.side ? [' — ', el('span', { class: `side ${line.side}` }, line.side)] : [])),
    );
  else td.append(cell.text);
  if (cell.badge) td.append(' ', el('span', { class: 'badge' }, cell.badge));
  if (cell.interval) td.append(el('span', { class: 'ci' }, ` ${cell.interval}`));
  if (cell.detail) td.append(el('span', { class: 'detail' }, cell.detail));
  const title = cell.title ?? (column.kind === 'label' ? cell.text : undefined);
  if (title) td.title = title;
  return td;
}

function sortKey(cell: CellModel): number | string | null {
  return cell.sort !== undefined ? cell.sort : cell.text;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

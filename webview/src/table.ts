import { el } from './dom';

export interface Column<Row> {
  header: string;
  title?: string;
  /** The value sorted on (null sorts last). */
  value(row: Row): number | string | null;
  /** The cell's content. */
  cell(row: Row): HTMLTableCellElement;
}

export interface SortState {
  column: string;
  descending: boolean;
}

/**
 * A table whose column headers are buttons (Tab + Enter/Space sort, aria-sort says how). Rows
 * keep their input order until a header is used; `footer` rows (e.g. "overall") stay last.
 */
export function sortableTable<Row>(columns: Column<Row>[], rows: Row[], footer: HTMLTableRowElement[], sort: SortState | undefined, onSort: (sort: SortState) => void): HTMLTableElement {
  const table = el('table', { class: 'metrics' });
  const render = (state: SortState | undefined) => {
    const ordered = [...rows];
    const column = columns.find((c) => c.header === state?.column);
    if (column && state) {
      ordered.sort((a, b) => {
        const [x, y] = [column.value(a), column.value(b)];
        return x === null || y === null ? compare(x, y) : compare(x, y) * (state.descending ? -1 : 1);
      });
    }
    const head = el(
      'tr',
      {},
      ...columns.map((c) => {
        const sorted = c.header === state?.column;
        const button = el('button', { class: 'sort', type: 'button', title: c.title ?? `sort by ${c.header}` }, c.header, sorted ? (state!.descending ? ' ▼' : ' ▲') : '');
        button.addEventListener('click', () => {
          const next = { column: c.header, descending: sorted ? !state!.descending : true };
          onSort(next);
          render(next);
          (table.querySelector(`th:nth-child(${columns.indexOf(c) + 1}) button`) as HTMLButtonElement | null)?.focus();
        });
        return el('th', { scope: 'col', 'aria-sort': sorted ? (state!.descending ? 'descending' : 'ascending') : 'none' }, button);
      }),
    );
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...ordered.map((row) => el('tr', {}, ...columns.map((c) => c.cell(row)))), ...footer));
  };
  render(sort);
  return table;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

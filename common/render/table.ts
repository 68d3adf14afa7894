import type { Interval } from '../reports/audit';
import { element, text } from './svg';
import { formatInterval, formatNumber } from './text';

/**
 * A report table described once and drawn twice: as DOM with sortable headers in the panel
 * (webview/src/table.ts) and as static markup in the exported HTML (`tableMarkup`). Every string
 * is data, never markup.
 */
export interface TableModel {
  /** Stable name: the panel keeps one sort per table. */
  id: string;
  /** What the table is, for screen readers. */
  label: string;
  columns: ColumnModel[];
  rows: RowModel[];
  /** Rows kept last whatever the sort (e.g. "overall"). */
  footer?: RowModel[];
}

export interface ColumnModel {
  /** Stable name of the column (sort state). */
  key: string;
  label: string;
  /** Shown on hover: what the figure is, and its JSON name. */
  title?: string;
  /** Shown under the label, e.g. "closer to 0 is fairer". */
  hint?: string;
  /**
   * The usual abbreviation ("TPR") a narrow table heads the column with instead of the label; the
   * label stays for screen readers, the description on hover.
   */
  short?: string;
  /** `label` cells are truncated with the full text on hover; `number` cells are right-aligned. */
  kind: 'label' | 'number' | 'text';
  /**
   * Kept in view when the table scrolls sideways: `start` at the left edge; `second` right after a
   * `start` column (which then gets a set width, so the second knows where to stay), on wide pages.
   */
  sticky?: 'start' | 'second';
}

export interface CellModel {
  text: string;
  /** A short mark after a label, e.g. "small". */
  badge?: string;
  /** Sort key; text when absent; null sorts last. */
  sort?: number | string | null;
  /** Shown on hover (the full label, why a figure is missing, how it was computed). */
  title?: string;
  /** e.g. "[0.412, 0.455]", drawn muted after the value. */
  interval?: string;
  /** A muted line under the value, e.g. the two groups an aggregate compares. */
  detail?: string;
  class?: string;
  /**
   * The cell's text as lines (a group's flags), each with the group's side of the reference when
   * a positive outcome's meaning is stated: drawn after the line, marked and styled by side.
   */
  lines?: { text: string; side?: 'advantaged' | 'disadvantaged' }[];
}

/**
 * Where a table or note is read: the panel (hovers, choosers, clicks) or a static file (an
 * exported report, which only shows): texts that point at an interaction say so for the panel only.
 */
export type Medium = 'panel' | 'static';

export interface RowModel {
  cells: CellModel[];
  /** What the row is, for code that reads a table's rows (a measure's JSON name); not shown. */
  key?: string;
  class?: string;
  title?: string;
}

/**
 * Static markup of a table (the exported report): same cells, classes and hover texts as the
 * panel, but labels wrap instead of being cut (a static page has no hover to read them whole).
 */
export function tableMarkup(table: TableModel): string {
  const head = element('tr', {}, ...table.columns.map((column) => element('th', headerAttributes(column), ...headerContent(column))));
  const row = (r: RowModel) => element('tr', { class: r.class, title: r.title }, ...r.cells.map((cell, i) => cellMarkup(table.columns[i]!, cell)));
  const note = tableFootnote(table);
  return (
    element(
      'div',
      { class: 'table-scroll' },
      element(
        'table',
        { class: `${tableClass(table)} static`, 'aria-label': table.label },
        element('thead', {}, head),
        element('tbody', {}, ...table.rows.map(row), ...(table.footer ?? []).map(row)),
      ),
    ) + (note ? element('p', { class: 'note table-footnote' }, text(note)) : '')
  );
}

/**
 * The note a table's marks need, said right under the table (and on each marked cell's hover):
 * why an interval is marked † (a reader met the mark and found its meaning paragraphs below).
 */
export function tableFootnote(table: TableModel): string | undefined {
  const marked = [...table.rows, ...(table.footer ?? [])].some((r) => r.cells.some((c) => c.interval?.endsWith(` ${EXCLUDED_MARK}`)));
  return marked ? EXCLUDED_NOTE : undefined;
}

export function headerAttributes(column: ColumnModel): Record<string, string | undefined> {
  return { scope: 'col', title: column.title, class: columnClass(column) };
}

function headerContent(column: ColumnModel): string[] {
  return [
    element('span', { class: headLabelClass(column) }, text(column.label)),
    column.short ? element('span', { class: 'head-short', 'aria-hidden': 'true' }, text(column.short)) : '',
    column.hint ? element('span', { class: 'hint' }, text(column.hint)) : '',
  ];
}

/** `has-short` when a narrow table may show the column's abbreviation instead (the label then only for screen readers). */
export function headLabelClass(column: ColumnModel): string {
  return column.short ? 'head-label has-short' : 'head-label';
}

function cellMarkup(column: ColumnModel, cell: CellModel): string {
  const classes = [columnClass(column), cell.class].filter(Boolean).join(' ') || undefined;
  const value =
    column.kind === 'label'
      ? element('span', { class: 'label-text' }, text(cell.text))
      : cell.lines
        ? cell.lines.map((line) => text(line.text) + (line.side ? ` — ${element('span', { class: `side ${line.side}` }, line.side)}` : '')).join('\n')
        : text(cell.text);
  const badge = cell.badge ? ` ${element('span', { class: 'badge' }, text(cell.badge))}` : '';
  return element(
    'td',
    { class: classes, title: cell.title ?? (column.kind === 'label' ? cell.text : undefined) },
    value,
    badge,
    cell.interval ? element('span', { class: 'ci' }, text(` ${cell.interval}`)) : '',
    cell.detail ? element('span', { class: 'detail' }, text(cell.detail)) : '',
  );
}

/** Alignment and stickiness, shared by both renderers. */
export function columnClass(column: ColumnModel): string {
  return [`col-${column.kind}`, column.sticky ? `sticky-${column.sticky}` : ''].filter(Boolean).join(' ');
}

/**
 * `pinned` when two columns stay in view (the first then has a set width); `<id>-table` names the
 * table for the styles of one table (the groups table's narrow layout), in the panel and the export alike.
 */
export function tableClass(table: TableModel): string {
  return [
    'metrics',
    `${table.id}-table`,
    table.columns.some((column) => column.sticky === 'second') ? 'pinned' : '',
    table.columns.length <= ROOMY_COLUMNS ? 'roomy' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Columns of a table with room to spare at a panel's usual width (group, flags, rows, share and a
 * rate or two): its names and intervals need not be cut or wrapped to keep the rates in view.
 */
const ROOMY_COLUMNS = 6;

/**
 * A figure with its interval; a missing one as a dash, with why on hover. `exact`: the interval is
 * the exact binomial one of a rate at 0 or 1 (GroupResult.exactIntervals), which the hover says.
 */
export function figureCell(value: number | null, interval: Interval | null, note?: string, exact = false): CellModel {
  if (value === null) return { text: '—', sort: null, class: 'missing', ...(note ? { title: note } : {}) };
  return {
    text: formatFigure(value),
    sort: value,
    ...(interval ? { interval: formatInterval(interval) } : {}),
    ...(interval && exact ? { title: EXACT_INTERVAL_NOTE } : {}),
  };
}

/** The hover of an exact interval: why it is not the bootstrap's like its neighbours. */
export const EXACT_INTERVAL_NOTE = 'exact binomial interval (all k of n rows / none of n): the bootstrap cannot vary here';

/**
 * Whether a percentile interval leaves out its own estimate: it happens to a max − min gap (or a
 * min / max ratio) between groups whose rates are close, as each resample's noise alone spreads
 * the groups apart; docs/mitigation-json.md says how to read it.
 */
export function excludesEstimate(value: number | null | undefined, interval: Interval | null | undefined): boolean {
  return value !== null && value !== undefined && !!interval && (value < interval[0] - 1e-12 || value > interval[1] + 1e-12);
}

/** A figure with its interval, the interval marked when it leaves out the figure. */
export function flaggedFigureCell(value: number | null, interval: Interval | null): CellModel {
  const cell = figureCell(value, interval);
  return excludesEstimate(value, interval) ? { ...cell, interval: `${cell.interval} ${EXCLUDED_MARK}`, title: EXCLUDED_NOTE } : cell;
}

/** The mark of an interval that leaves out its estimate: a dagger, since * marks a statistically supported flag in the same report. */
export const EXCLUDED_MARK = '†';

export const EXCLUDED_NOTE =
  '† The interval leaves out its estimate: a gap (max − min) or ratio (min / max) between groups that differ by less than the sampling noise is pushed away from parity in every resample, most of all when groups of a few rows are among them, so its percentile interval is too; read such a figure as not distinguishable from noise, and prefer the figure over the groups of adequate size.';

/**
 * Why a gap's interval can leave out parity while no group differs clearly (a new user read
 * "0.021 [0.002, 0.072]" as a clear gap beside a per-group difference whose interval held 0).
 */
export function gapIntervalNote(flagged: boolean): string {
  return `An interval of a gap or ratio between groups (largest − smallest, smallest / largest) says how large the gap is, not whether there is one: it stays above 0 (or below 1) even when no group differs clearly from another. Whether a group differs is read in the comparison with the reference${flagged ? ' and from the * on a flag' : ''}.`;
}

/** Three decimals, as rates are read (1.000 beside 0.600, not 1); whole numbers beyond 1 stay whole. */
export function formatFigure(value: number): string {
  return Number.isInteger(value) && Math.abs(value) > 1 ? formatNumber(value) : value.toFixed(3);
}

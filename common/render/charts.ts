import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { element, text } from './svg';
import { extentOf } from '../extent';

/**
 * Charts as SVG markup, built without a DOM so the same code draws the webview panel and the
 * exported HTML report (and `parity audit --format html`). Colours are classes styled by the page
 * (VS Code theme variables in the panel, fixed palettes in the export).
 */

export interface BarDatum {
  label: string;
  value: number | null;
  interval: [number, number] | null;
  /** Drawn hollow and dashed: too few rows to judge (a mitigation's "before" bars too). */
  small?: boolean;
  /** The reference group: labelled "(reference)" and its bar framed (text, not colour only). */
  reference?: boolean;
}

/** A legend line's label, "(reference)" kept whole when the name is cut (the whole name on hover). */
function groupLabel(label: string, reference: boolean | undefined, max: number): string {
  return reference ? `${truncate(label, max - REFERENCE_MARK.length)}${REFERENCE_MARK}` : truncate(label, max);
}

const REFERENCE_MARK = ' (reference)';

const WIDTH = 540;
/** Series colours (--c0 ... --c9) and dash patterns, in the page's styles. */
const SERIES = 10;
/** The bars' labels get at least this much room, more when a label is longer (the bars keep the rest of WIDTH). */
const LABEL_WIDTH = 200;
/** The charts' font size in pixels (`.chart` in styles.ts). */
const FONT_SIZE = 11;
const ROW = 22;
const MARGIN = { top: 28, right: 24, bottom: 30 };

/** Horizontal bars per group with confidence-interval whiskers and a dashed line at `reference`. */
export function barChart(title: string, data: readonly BarDatum[], reference?: number | null): string {
  // the labels are written whole ("Asian-Pac-Islander & Male · before"): their column is as wide as the longest
  const labelWidth = Math.max(LABEL_WIDTH, ...data.map((d) => Math.ceil(textWidth(barLabel(d), d.reference === true)) + 6));
  const width = labelWidth + WIDTH - LABEL_WIDTH;
  const values = data.flatMap((d) => [d.value, ...(d.interval ?? [])]).filter((v): v is number => v !== null && Number.isFinite(v));
  const [smallest, largest] = extentOf(values);
  const [low, high] = [Math.min(0, smallest), Math.max(0, largest, reference ?? 0)];
  const x = scaleLinear()
    .domain([low, high === low ? low + 1 : high])
    .nice()
    .range([labelWidth, width - MARGIN.right]);
  const height = MARGIN.top + data.length * ROW + MARGIN.bottom;
  const rows = data.map((d, i) => {
    const y = MARGIN.top + i * ROW;
    const parts = [
      element('text', { class: d.reference ? 'label is-reference' : 'label', x: labelWidth - 6, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, text(barLabel(d))),
    ];
    if (d.value === null || !Number.isFinite(d.value)) {
      parts.push(element('text', { class: 'missing', x: x(0) + 4, y: y + ROW / 2 + 4 }, 'not estimable'));
    } else {
      const [a, b] = [x(Math.min(0, d.value)), x(Math.max(0, d.value))];
      const classes = ['bar', d.small ? 'small' : '', d.reference ? 'is-reference' : ''].filter(Boolean).join(' ');
      parts.push(element('rect', { class: classes, x: a, y: y + 4, width: Math.max(1, b - a), height: ROW - 8 }));
      if (d.interval) {
        const [l, h] = [x(d.interval[0]), x(d.interval[1])];
        const mid = y + ROW / 2;
        parts.push(element('path', { class: 'whisker', d: `M${l},${mid}H${h}M${l},${mid - 5}V${mid + 5}M${h},${mid - 5}V${mid + 5}` }));
      }
    }
    const tip =
      d.value === null
        ? `${barLabel(d)}: not estimable`
        : `${barLabel(d)}: ${d.value.toFixed(3)}${d.interval ? ` [${d.interval[0].toFixed(3)}, ${d.interval[1].toFixed(3)}]` : ''}`;
    return element('g', {}, element('title', {}, text(tip)), ...parts);
  });
  const referenceLine =
    reference !== null && reference !== undefined && Number.isFinite(reference)
      ? element('path', { class: 'reference', d: `M${x(reference)},${MARGIN.top - 4}V${height - MARGIN.bottom}` })
      : '';
  return svg(title, width, height, [xAxis(x, height - MARGIN.bottom), ...rows, referenceLine]);
}

function barLabel(d: BarDatum): string {
  return `${d.label}${d.reference ? REFERENCE_MARK : ''}`;
}

/**
 * A label's width in pixels at the charts' font, estimated without a DOM (the export draws the same
 * markup): every character at no less than its width in DejaVu Sans (Linux's usual sans-serif face,
 * wider than Segoe UI and Helvetica), and any character outside plain ASCII a whole em, so the
 * estimate errs wide: a few pixels of space, never a cut name. Bold is about a tenth wider.
 */
function textWidth(label: string, bold: boolean): number {
  const em = (c: string) => (/[^ -~]|[mwMW@%<>=+#~^]/.test(c) ? 1 : /[A-Z&]/.test(c) ? 0.8 : /[ .,:;'!|ijlI()-]/.test(c) ? 0.42 : 0.64);
  return [...label].reduce((sum, c) => sum + em(c), 0) * FONT_SIZE * (bold ? 1.12 : 1);
}

export interface Series {
  label: string;
  /** Values at the levels 0, 0.01, ..., 1 (an empirical quantile function). */
  quantiles: readonly number[];
  /** The reference group: "(reference)" in the legend, its line thicker. */
  reference?: boolean;
}

/**
 * The groups a distribution chart draws: those with at least `minRows` rows (a smaller group's curve
 * is a few steps across the others), at most one per colour and dash (SERIES: the largest kept; a
 * twelfth group repeated the second's orange dash, two lines told apart by nothing), the reference
 * always; in their order. `title` says how many of how many are drawn when some are left out.
 */
export function distributionSeries(title: string, series: readonly (Series & { rows: number })[], minRows: number): { title: string; series: Series[] } {
  const adequate = series.filter((s) => s.reference || s.rows >= minRows);
  const largest = new Set([...adequate].sort((a, b) => Number(b.reference ?? false) - Number(a.reference ?? false) || b.rows - a.rows).slice(0, SERIES));
  const shown = adequate.filter((s) => largest.has(s)).map(({ rows: _rows, ...line }) => line);
  if (shown.length === series.length) return { title, series: shown };
  const which = adequate.length > SERIES ? `the ${SERIES} largest, all with ≥ ${minRows} rows` : `those with ≥ ${minRows} rows`;
  return { title: `${title} (${shown.length} of ${series.length} groups: ${which})`, series: shown };
}

/** Each group's empirical CDF as a step line, from its quantiles. */
export function cdfChart(title: string, xLabel: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.quantiles);
  const x = scaleLinear()
    .domain(extentOf(all))
    .nice()
    .range([50, WIDTH - MARGIN.right]);
  const height = 260;
  const y = scaleLinear()
    .domain([0, 1])
    .range([height - MARGIN.bottom, MARGIN.top]);
  const path = line<[number, number]>().curve(curveStepAfter);
  const lines = series.map((s, i) => {
    const points: [number, number][] = s.quantiles.map((q, level) => [x(q), y(level / (s.quantiles.length - 1))]);
    return element(
      'g',
      { class: `series s${i % SERIES}${s.reference ? ' is-reference' : ''}` },
      element('title', {}, text(`${s.label}${s.reference ? REFERENCE_MARK : ''}`)),
      element('path', { class: 'line', d: path(points) ?? '' }),
    );
  });
  const plotMiddle = (MARGIN.top + height - MARGIN.bottom) / 2;
  return svg(title, WIDTH, height + 12 + 20 * Math.ceil(series.length / LEGEND_COLUMNS), [
    xAxis(x, height - MARGIN.bottom),
    yAxis(y, 50),
    element('text', { class: 'axis-label', x: (WIDTH + 50) / 2, y: height - 2, 'text-anchor': 'middle' }, text(xLabel)),
    // what a step's height is: without it a reader takes the y axis for a density or a rate
    element('text', { class: 'axis-label', x: 0, y: 0, transform: `translate(12,${plotMiddle}) rotate(-90)`, 'text-anchor': 'middle' }, text(CDF_Y_LABEL)),
    ...lines,
    legend(series, height + 8),
  ]);
}

/** The cumulative distribution's y axis: the share of a group's rows at or below the x axis's value. */
export const CDF_Y_LABEL = 'share of the group’s rows ≤ x';

/** A title line's height in pixels; the first line's baseline sits at 16. */
const TITLE_LINE = 15;

/**
 * The chart with its title on as many lines as its width needs (a long title is wrapped at spaces,
 * never cut by the SVG's edge), and the rest drawn below the extra lines.
 */
function svg(title: string, width: number, height: number, children: string[]): string {
  const lines = titleLines(title, width);
  const extra = (lines.length - 1) * TITLE_LINE;
  const heading = element(
    'text',
    { class: 'title', x: 0, y: 16 },
    // a space ends each line but the last: the title's text (copied, read by tests) keeps its words apart
    ...lines.map((line, i) => element('tspan', { x: 0, dy: i === 0 ? 0 : TITLE_LINE }, text(i < lines.length - 1 ? `${line} ` : line))),
  );
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'chart',
      viewBox: `0 0 ${width} ${height + extra}`,
      width,
      height: height + extra,
      role: 'img',
      'aria-label': title,
    },
    heading,
    extra > 0 ? element('g', { transform: `translate(0,${extra})` }, ...children) : children.join(''),
  );
}

/** The title's words in lines no wider than the chart (by textWidth's generous estimate); a single word too long keeps a line of its own. */
export function titleLines(title: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, true) <= width - 4) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function xAxis(x: ReturnType<typeof scaleLinear<number, number>>, at: number): string {
  const ticks = x
    .ticks(5)
    .map((t) =>
      element(
        'g',
        {},
        element('path', { class: 'tick', d: `M${x(t)},${at}v4` }),
        element('text', { class: 'tick-label', x: x(t), y: at + 16, 'text-anchor': 'middle' }, text(formatTick(t))),
      ),
    );
  const [a, b] = x.range() as [number, number];
  return element('g', { class: 'axis' }, element('path', { class: 'domain', d: `M${a},${at}H${b}` }), ...ticks);
}

function yAxis(y: ReturnType<typeof scaleLinear<number, number>>, at: number): string {
  const ticks = y
    .ticks(5)
    .map((t) =>
      element(
        'g',
        {},
        element('path', { class: 'grid', d: `M${at},${y(t)}H${WIDTH - MARGIN.right}` }),
        element('text', { class: 'tick-label', x: at - 6, y: y(t) + 4, 'text-anchor': 'end' }, text(formatTick(t))),
      ),
    );
  return element('g', { class: 'axis' }, ...ticks);
}

/** Two columns: room for a long name and for "(reference)". */
const LEGEND_COLUMNS = 2;

function legend(series: readonly Series[], top: number): string {
  const columnWidth = (WIDTH - 20) / LEGEND_COLUMNS;
  const items = series.map((s, i) => {
    const [col, row] = [i % LEGEND_COLUMNS, Math.floor(i / LEGEND_COLUMNS)];
    const [lx, ly] = [10 + col * columnWidth, top + row * 20];
    // a short stretch of the series' own line: its colour and its dash pattern
    return element(
      'g',
      { class: `series s${i % SERIES}${s.reference ? ' is-reference' : ''}` },
      element('title', {}, text(`${s.label}${s.reference ? REFERENCE_MARK : ''}`)),
      element('path', { class: 'line', d: `M${lx},${ly + 6}h16` }),
      element('text', { class: s.reference ? 'legend is-reference' : 'legend', x: lx + 22, y: ly + 10 }, text(groupLabel(s.label, s.reference, 36))),
    );
  });
  return element('g', { class: 'legend' }, ...items);
}

function formatTick(value: number): string {
  return Math.abs(value) >= 1000 ? value.toExponential(1) : String(Math.round(value * 1e6) / 1e6);
}

function truncate(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

import { scaleLinear } from 'd3-scale';
import type { ComposeOption } from 'echarts/core' with { 'resolution-mode': 'import' };
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts' with { 'resolution-mode': 'import' };
import type { DataZoomComponentOption, GridComponentOption, TooltipComponentOption } from 'echarts/components' with { 'resolution-mode': 'import' };
import { extentOf } from '../extent';
import type { Interval } from '../reports/audit';

/**
 * The trade-off plot (quality against a fairness gap) as an Apache ECharts option, shared by the
 * panel (interactive, SVG renderer) and the exported report (server-side SVG string). Colours are
 * concrete values from a `ChartTheme`: the panel reads them from the VS Code theme, the export
 * uses the light one.
 */
export type TradeoffOption = ComposeOption<ScatterSeriesOption | LineSeriesOption | GridComponentOption | DataZoomComponentOption | TooltipComponentOption>;

/** A point's interval on either axis (drawn as whiskers), when it has one. */
export interface Whiskers {
  xInterval?: Interval;
  yInterval?: Interval;
}

export interface PlotPoint extends Whiskers {
  /** The series: a method. */
  method: string;
  /** The setting, rounded for reading: "band = 0.005". */
  setting: string;
  x: number;
  y: number;
  /** On the Pareto front (drawn through these points). */
  pareto: boolean;
  /** Handed back when the point is clicked. */
  id: number;
}

export interface TradeoffPlot {
  xLabel: string;
  yLabel: string;
  /** Accuracy: higher is better; MSE: lower is better. */
  yHigherIsBetter: boolean;
  points: PlotPoint[];
  /** The unmitigated model. */
  reference: ({ x: number; y: number; label: string } & Whiskers) | null;
  /** A sweep: the points of one method joined in sweep order, instead of a front. */
  sweepPath?: boolean;
  /** The id of the point the report shows as "after". */
  current?: number;
}

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  focus: string;
  font: string;
  /** One colour per method, in legend order. */
  series: readonly string[];
}

/**
 * Colour-blind-aware palettes of ten: Paul Tol's "muted" scheme with a neutral grey for light
 * backgrounds, its cyan, teal, olive and sand darkened to 3:1 against white (WCAG's contrast for
 * graphics); for dark ones, his "light" and "bright" schemes' light tones. Ten colours cannot all
 * stay apart under every colour-vision deficiency, so every method also gets its own marker:
 * colour is never the only cue.
 */
export const LIGHT_SERIES = ['#332288', '#117733', '#CC6677', '#3388AA', '#882255', '#2F8F80', '#858526', '#AA4499', '#A8652A', '#6E6E6E'];
export const DARK_SERIES = ['#77AADD', '#EE8866', '#44BB99', '#FFAABB', '#EEDD88', '#BB99EE', '#EEEEEE', '#EE6677', '#99BB55', '#66CCEE'];

export const LIGHT_THEME: ChartTheme = {
  foreground: '#1f2328',
  muted: '#59636e',
  grid: '#d0d7de',
  background: '#ffffff',
  focus: '#0969da',
  font: 'system-ui, sans-serif',
  series: LIGHT_SERIES,
};

/** Ten markers as SVG paths in a 10 × 10 box: circle, square, triangle, diamond, triangle down, plus, cross, star, hexagon, bow tie. */
export const MARKERS = [
  'M0,5A5,5 0 0 1 10,5A5,5 0 0 1 0,5Z',
  'M0.6,0.6H9.4V9.4H0.6Z',
  'M5,0L10,9.2H0Z',
  'M5,0L10,5L5,10L0,5Z',
  'M0,0.8H10L5,10Z',
  'M3.4,0H6.6V3.4H10V6.6H6.6V10H3.4V6.6H0V3.4H3.4Z',
  'M2.1,0L5,2.9L7.9,0L10,2.1L7.1,5L10,7.9L7.9,10L5,7.1L2.1,10L0,7.9L2.9,5L0,2.1Z',
  'M5,0L6.2,3.6H10L6.9,5.8L8.1,9.5L5,7.3L1.9,9.5L3.1,5.8L0,3.6H3.8Z',
  'M2.5,0.7H7.5L10,5L7.5,9.3H2.5L0,5Z',
  'M0,0.5L5,4L10,0.5V9.5L5,6L0,9.5Z',
];

export interface Window {
  x: [number, number];
  y: [number, number];
}

/** The zoom's wheel settings: zoom with Ctrl held, never move or swallow a plain wheel. */
const WHEEL = { zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false } as const;

/** Methods in the order of their first point: the legend's order, and their colour and marker. */
export function methodsOf(plot: TradeoffPlot): string[] {
  return [...new Set(plot.points.map((p) => p.method))];
}

export function styleOf(index: number, theme: ChartTheme): { color: string; marker: string } {
  return { color: theme.series[index % theme.series.length]!, marker: MARKERS[index % MARKERS.length]! };
}

/** Every point and the reference, with a margin. */
export function fullWindow(plot: TradeoffPlot): Window {
  return withinRange(plot, boxAround([...plot.points, ...(plot.reference ? [plot.reference] : [])], 0.04));
}

/**
 * Gaps are not negative and accuracy is at most 1: margins stop there. The edges are then rounded
 * out to tick values, so the axes' end labels are round numbers like the ticks between.
 */
function withinRange(plot: TradeoffPlot, window: Window): Window {
  const xs = [...plot.points, ...(plot.reference ? [plot.reference] : [])].map((p) => p.x);
  const x: [number, number] = [xs.every((v) => v >= 0) ? Math.max(0, window.x[0]) : window.x[0], window.x[1]];
  const y: [number, number] = plot.yHigherIsBetter ? [Math.max(0, window.y[0]), Math.min(1, window.y[1])] : [Math.max(0, window.y[0]), window.y[1]];
  const nice = (domain: [number, number]) => scaleLinear().domain(domain).nice(6).domain() as [number, number];
  return { x: nice(x), y: nice(y) };
}

/**
 * The useful region: the points no other point beats on both axes (the front), the unmitigated
 * model and the point shown as "after", with a margin. Null when that is nearly everything.
 */
export function focusWindow(plot: TradeoffPlot): Window | null {
  if (plot.points.length === 0) return null;
  const anchors = [...frontOf(plot), ...(plot.reference ? [plot.reference] : []), ...plot.points.filter((p) => p.id === plot.current)];
  const focus = withinRange(plot, boxAround(anchors, 0.12));
  const full = fullWindow(plot);
  const clipped: Window = {
    x: [Math.max(focus.x[0], full.x[0]), Math.min(focus.x[1], full.x[1])],
    y: [Math.max(focus.y[0], full.y[0]), Math.min(focus.y[1], full.y[1])],
  };
  const share = ((clipped.x[1] - clipped.x[0]) * (clipped.y[1] - clipped.y[0])) / ((full.x[1] - full.x[0]) * (full.y[1] - full.y[0]));
  return share > 0.8 ? null : clipped;
}

/** Points outside a window (said next to the "Show all" control). */
export function pointsOutside(plot: TradeoffPlot, window: Window): number {
  return plot.points.filter((p) => p.x < window.x[0] || p.x > window.x[1] || p.y < window.y[0] || p.y > window.y[1]).length;
}

/** The flagged front, or (a sweep, which has no flags) the points no other point beats on both axes. */
function frontOf(plot: TradeoffPlot): PlotPoint[] {
  const flagged = plot.points.filter((p) => p.pareto);
  if (flagged.length > 0) return flagged;
  const better = (a: PlotPoint, b: PlotPoint) => (plot.yHigherIsBetter ? a.y >= b.y : a.y <= b.y) && a.x <= b.x && (a.x !== b.x || a.y !== b.y);
  return plot.points.filter((p) => !plot.points.some((q) => better(q, p)));
}

function boxAround(points: readonly { x: number; y: number }[], margin: number): Window {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const pad = (low: number, high: number): [number, number] => {
    const span = Math.max(high - low, 0.02);
    return [low - span * margin, high + span * margin];
  };
  return { x: pad(...extentOf(xs)), y: pad(...extentOf(ys)) };
}

/**
 * Where the unmitigated model's name goes: the first side (right, left, above, below) where it
 * covers no point of the window, else the right. Sizes are fractions of a ~700 × 300 px plot
 * area: a character 7 px, a line 16 px, a marker's radius 8 px, the label 12 px from the ring.
 */
export function referenceLabelSide(plot: TradeoffPlot, window: Window): 'right' | 'left' | 'top' | 'bottom' {
  const reference = plot.reference!;
  const [width, height] = [(reference.label.length * 7 + 16) / 700, (16 + 16) / 300];
  const [gapX, gapY] = [12 / 700, 12 / 300];
  const u = (x: number) => (x - window.x[0]) / (window.x[1] - window.x[0]);
  const v = (y: number) => (y - window.y[0]) / (window.y[1] - window.y[0]);
  const [ru, rv] = [u(reference.x), v(reference.y)];
  const boxes = {
    right: { u: [ru + gapX, ru + gapX + width], v: [rv - height / 2, rv + height / 2] },
    left: { u: [ru - gapX - width, ru - gapX], v: [rv - height / 2, rv + height / 2] },
    top: { u: [ru - width / 2, ru + width / 2], v: [rv + gapY, rv + gapY + height] },
    bottom: { u: [ru - width / 2, ru + width / 2], v: [rv - gapY - height, rv - gapY] },
  } as const;
  const free = (side: keyof typeof boxes) => {
    const box = boxes[side];
    const inside = box.u[0] >= -0.02 && box.u[1] <= 1.02 && box.v[0] >= -0.05 && box.v[1] <= 1.05;
    return inside && !plot.points.some((p) => u(p.x) >= box.u[0] && u(p.x) <= box.u[1] && v(p.y) >= box.v[0] && v(p.y) <= box.v[1]);
  };
  return (['right', 'left', 'top', 'bottom'] as const).find(free) ?? 'right';
}

/** The ECharts option: one scatter series per method, the front (or sweep path), the unmitigated model. */
export function tradeoffOption(plot: TradeoffPlot, theme: ChartTheme, window: Window, interactive: boolean): TradeoffOption {
  const methods = methodsOf(plot);
  const axis = (name: string, [min, max]: [number, number], shown: [number, number], gap: number) => ({
    type: 'value' as const,
    name,
    // ticks at round steps of the window shown, whose edges are round too (the panel updates the step on zoom)
    interval: tickStep(shown),
    nameLocation: 'middle' as const,
    nameGap: gap,
    nameTextStyle: { color: theme.foreground, fontSize: 12 },
    min: round(min),
    max: round(max),
    axisLine: { onZero: false, lineStyle: { color: theme.muted } },
    // after a zoom the window's edges are not round numbers (0.534669): only round values are labelled
    axisLabel: {
      color: theme.foreground,
      hideOverlap: true,
      formatter: (value: number) => (Number(value.toPrecision(3)) === round(value) ? String(round(value)) : ''),
    },
    splitLine: { lineStyle: { color: theme.grid } },
  });
  const pointSeries: ScatterSeriesOption[] = methods.map((method, i) => {
    const { color, marker } = styleOf(i, theme);
    return {
      type: 'scatter',
      name: method,
      symbol: `path://${marker}`,
      symbolSize: 11,
      symbolKeepAspect: true,
      itemStyle: { color, borderColor: theme.background, borderWidth: 0.8, opacity: 0.95 },
      emphasis: { scale: 1.6, itemStyle: { borderColor: theme.foreground, borderWidth: 1.5 } },
      z: 3,
      data: plot.points.filter((p) => p.method === method).map((p) => ({ value: [p.x, p.y], id: String(p.id) })),
    };
  });
  const guide: LineSeriesOption = plot.sweepPath
    ? { type: 'line', name: 'sweep', silent: true, symbol: 'none', z: 1, lineStyle: { color: theme.muted, width: 1 }, data: plot.points.map((p) => [p.x, p.y]) }
    : {
        type: 'line',
        name: 'Pareto front',
        silent: true,
        symbol: 'none',
        step: plot.yHigherIsBetter ? 'end' : 'start',
        z: 2,
        lineStyle: { color: theme.foreground, width: 1.5, type: [6, 4] },
        data: plot.points
          .filter((p) => p.pareto)
          .sort((a, b) => a.x - b.x)
          .map((p) => [p.x, p.y]),
      };
  const whiskers = [
    ...methods.map((method, i) =>
      whiskerSeries(
        `${method} intervals`,
        styleOf(i, theme).color,
        plot.points.filter((p) => p.method === method),
      ),
    ),
    ...(plot.reference ? [whiskerSeries(`${plot.reference.label} intervals`, theme.foreground, [plot.reference])] : []),
  ].filter((series) => series.data!.length > 0);
  const current = plot.points.find((p) => p.id === plot.current);
  const overlays: ScatterSeriesOption[] = [
    ...(plot.reference
      ? [
          {
            type: 'scatter' as const,
            name: plot.reference.label,
            // a ring under the method points (wider than a marker, so it shows around one): a point at the same place keeps its hover and click
            symbol: 'circle',
            symbolSize: 19,
            z: 2,
            itemStyle: { color: 'transparent', borderColor: theme.foreground, borderWidth: 2.5 },
            data: [{ value: [plot.reference.x, plot.reference.y], id: 'reference' }],
          },
          {
            // its name above the points, with a halo of the background so crowded markers do not hide it
            type: 'scatter' as const,
            name: `${plot.reference.label} label`,
            silent: true,
            symbolSize: 0,
            z: 4,
            label: {
              show: true,
              position: referenceLabelSide(plot, window),
              distance: 12,
              color: theme.foreground,
              textBorderColor: theme.background,
              textBorderWidth: 3,
              formatter: plot.reference.label,
            },
            data: [[plot.reference.x, plot.reference.y]],
          },
        ]
      : []),
    ...(current
      ? [
          {
            type: 'scatter' as const,
            name: 'shown as after',
            silent: true,
            symbol: 'circle',
            symbolSize: 22,
            z: 2,
            itemStyle: { color: 'transparent', borderColor: theme.focus, borderWidth: 2.5 },
            data: [[current.x, current.y]],
          },
          {
            // left of its ring (the reference's name is on the right of its own), above the points with a halo
            type: 'scatter' as const,
            name: 'after label',
            silent: true,
            symbolSize: 0,
            z: 4,
            label: {
              show: true,
              position: 'left' as const,
              distance: 14,
              color: theme.foreground,
              textBorderColor: theme.background,
              textBorderWidth: 3,
              formatter: 'after',
            },
            data: [[current.x, current.y]],
          },
        ]
      : []),
  ];
  return {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.foreground },
    grid: { left: 64, right: 28, top: 20, bottom: 52 },
    // the panel zooms within every point's extent; the static export draws the window itself
    xAxis: axis(plot.xLabel, interactive ? fullWindow(plot).x : window.x, window.x, 30),
    yAxis: axis(plot.yLabel, interactive ? fullWindow(plot).y : window.y, window.y, 48),
    ...(interactive
      ? {
          // Ctrl + wheel zooms: a plain wheel scrolls the panel, as over the rest of the page.
          dataZoom: [
            { type: 'inside', xAxisIndex: 0, filterMode: 'none', startValue: window.x[0], endValue: window.x[1], ...WHEEL },
            { type: 'inside', yAxisIndex: 0, filterMode: 'none', startValue: window.y[0], endValue: window.y[1], ...WHEEL },
          ],
          tooltip: {
            trigger: 'item',
            confine: true,
            transitionDuration: 0,
            backgroundColor: theme.background,
            borderColor: theme.muted,
            textStyle: { color: theme.foreground, fontFamily: theme.font },
          },
        }
      : {}),
    // the whiskers last: the panel finds a method's points at series index 1 + its place in the legend
    series: [guide, ...pointSeries, ...overlays, ...whiskers],
  };
}

/** Whisker length of a cap across an interval's end, in pixels. */
const CAP = 7;

/**
 * Error bars of one method's points (or the unmitigated model's): a line from each interval's
 * lower to its upper end, across for the fairness gap and up and down for accuracy, with a short
 * cap at each end; the segments are separated by gaps ('-'). Silent and under the points, so the
 * points keep their hover and click.
 */
function whiskerSeries(name: string, color: string, points: readonly ({ x: number; y: number } & Whiskers)[]): LineSeriesOption {
  const end = (value: [number, number], across: boolean) => ({ value, symbol: 'rect', symbolSize: across ? [1.2, CAP] : [CAP, 1.2] });
  return {
    type: 'line',
    name,
    silent: true,
    z: 2,
    symbol: 'none',
    showAllSymbol: true,
    connectNulls: false,
    lineStyle: { color, width: 1.2 },
    itemStyle: { color },
    data: points.flatMap((p) => [
      ...(p.xInterval ? [end([p.xInterval[0], p.y], true), end([p.xInterval[1], p.y], true), '-'] : []),
      ...(p.yInterval ? [end([p.x, p.yInterval[0]], false), end([p.x, p.yInterval[1]], false), '-'] : []),
    ]),
  };
}

/** About six ticks over a range, at a round step (0.02, 0.05, 0.1, ...). */
export function tickStep([low, high]: [number, number]): number {
  const ticks = scaleLinear().domain([low, high]).ticks(6);
  return ticks.length > 1 ? round(ticks[1]! - ticks[0]!) : Math.max(high - low, 1e-6);
}

/** A setting as read by people: "band = 0.005", not "band = 0.004999999999999989". */
export function settingText(parameter: string, value: number): string {
  return parameter === 'default' ? "the method's own setting" : `${parameter} = ${roundSetting(value)}`;
}

export function roundSetting(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

import { scaleLinear } from 'd3-scale';
import type { ComposeOption } from 'echarts/core' with { 'resolution-mode': 'import' };
import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts' with { 'resolution-mode': 'import' };
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts' with { 'resolution-mode': 'import' };
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components' with { 'resolution-mode': 'import' };
import { extentOf } from '../extent';
import type { Interval } from '../reports/audit';

/**
 * The trade-off plot (quality against a fairness gap) as an Apache ECharts option, shared by the
 * panel (interactive, SVG renderer) and the exported report (server-side SVG string). Colours are
 * concrete values from a `ChartTheme`: the panel reads them from the VS Code theme, the export
 * uses the light one.
 */
export type TradeoffOption = ComposeOption<ScatterSeriesOption | LineSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption>;

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
 * One colour per method in every theme, so a method keeps its hue when the user switches theme:
 * Okabe and Ito's colour-blind-safe colours (blue, orange, bluish green, vermillion, reddish
 * purple, sky blue, yellow), then Paul Tol's indigo and wine and a grey. Only the lightness differs
 * between the palettes (OKLCH hue and chroma kept, chroma cut only where sRGB has none), and only
 * as far as a marker needs for 3:1 against the background (WCAG's contrast for graphics): on light
 * backgrounds the orange, sky blue, yellow and grey are darker, on dark ones (VS Code's dark
 * editors, the dark export, high contrast's black) the blue, indigo and wine are lighter. Ten
 * colours cannot all stay apart under every colour-vision deficiency, so every method also gets
 * its own marker: colour is never the only cue.
 */
export const LIGHT_SERIES = ['#0072B2', '#C38603', '#009E73', '#D55E00', '#CA77A5', '#3A9BCE', '#9F9502', '#332288', '#882255', '#929292'];
/**
 * Dark editors: the blue, vermillion, indigo and wine lightened (OKLCH, hue kept) to 4.5:1 on Dark
 * Modern's #1f1f1f, not just 3:1: a marker is 11 px with a background halo eating its edge, and the
 * indigo star at 3.4:1 read as a smudge (cold try 12).
 */
export const DARK_SERIES = ['#2E8CCE', '#E69F00', '#009E73', '#DA620D', '#CC79A7', '#56B4E9', '#F0E442', '#7C7AE6', '#CD6391', '#BBBBBB'];
/**
 * High contrast's black: the dark palette made lighter (OKLCH lightness raised, hue kept, chroma
 * cut only where sRGB has none) until every colour is 7:1 or more against black, as the theme's
 * own text is; the dark palette's blue, green, indigo and wine read dim there.
 */
export const HIGH_CONTRAST_SERIES = ['#439EE1', '#E69F00', '#25AC80', '#EF762D', '#D17EAC', '#56B4E9', '#F0E442', '#8D8CFA', '#E275A4', '#BBBBBB'];

export const LIGHT_THEME: ChartTheme = {
  foreground: '#1f2328',
  muted: '#59636e',
  grid: '#d0d7de',
  background: '#ffffff',
  focus: '#0969da',
  font: 'system-ui, sans-serif',
  series: LIGHT_SERIES,
};

/** The width of the background-coloured outline round each marker. */
export const MARKER_HALO = 1.6;

/** The double ring round a place holding several points: two circles' diameters in pixels, outside a marker's halo. */
export const STACK_RINGS = [15, 20] as const;
/** The diameters of the unmitigated model's ring and of the ring round the point shown as "after" (each 2.5 px wide). */
const REFERENCE_RING = 19;
const AFTER_RING = 22;

/** Ten markers as SVG paths in a 10 × 10 box: circle, square, triangle, diamond, triangle down, plus, cross, star, hexagon, bow tie. */
export const MARKERS = [
  'M0,5A5,5 0 0 1 10,5A5,5 0 0 1 0,5Z',
  'M0.6,0.6H9.4V9.4H0.6Z',
  'M5,0L10,9.2H0Z',
  'M5,0L10,5L5,10L0,5Z',
  'M0,0.8H10L5,10Z',
  'M3.4,0H6.6V3.4H10V6.6H6.6V10H3.4V6.6H0V3.4H3.4Z',
  'M2.1,0L5,2.9L7.9,0L10,2.1L7.1,5L10,7.9L7.9,10L5,7.1L2.1,10L0,7.9L2.9,5L0,2.1Z',
  // a plump star (inner radius half the outer): a classic one's thin arms vanish under the halo at 11 px
  'M5,0L6.55,3.13L10,3.63L7.5,6.07L8.09,9.52L5,7.89L1.91,9.52L2.5,6.07L0,3.63L3.45,3.13Z',
  'M2.5,0.7H7.5L10,5L7.5,9.3H2.5L0,5Z',
  'M0,0.5L5,4L10,0.5V9.5L5,6L0,9.5Z',
];

export interface Window {
  x: [number, number];
  y: [number, number];
}

/** Methods in the order of their first point: the legend's order, and their colour and marker. */
export function methodsOf(plot: TradeoffPlot): string[] {
  return [...new Set(plot.points.map((p) => p.method))];
}

/**
 * Points drawn at exactly the same place, each id to the whole stack in drawing order: by method
 * in legend order, then in the plot's order; the last is drawn on top, and takes the hover and the
 * click. A point alone at its place is not in the map.
 */
export function stackedPoints(plot: TradeoffPlot): Map<number, PlotPoint[]> {
  const places = new Map<string, PlotPoint[]>();
  for (const method of methodsOf(plot))
    for (const point of plot.points.filter((p) => p.method === method)) {
      const key = `${point.x} ${point.y}`;
      places.set(key, [...(places.get(key) ?? []), point]);
    }
  const stacks = new Map<number, PlotPoint[]>();
  for (const stack of places.values()) if (stack.length > 1) for (const point of stack) stacks.set(point.id, stack);
  return stacks;
}

/**
 * A method's points in drawing order: those alone at their place first, then those at a place
 * holding several, so a stack's marker is drawn whole inside its ring above a point of the same
 * method a few pixels off (the one that would take its hover). The panel finds a point's data
 * index in this order.
 */
export function drawOrder(plot: TradeoffPlot, method: string): PlotPoint[] {
  const stacked = stackedPoints(plot);
  const ofMethod = plot.points.filter((p) => p.method === method);
  return [...ofMethod.filter((p) => !stacked.has(p.id)), ...ofMethod.filter((p) => stacked.has(p.id))];
}

export function styleOf(index: number, theme: ChartTheme): { color: string; marker: string } {
  return { color: theme.series[index % theme.series.length]!, marker: MARKERS[index % MARKERS.length]! };
}

/**
 * Room round the points a window is drawn around, a share of their span on each axis: in the full
 * view, enough for a marker at the edge to be drawn whole; in the focused view, whose edge has the
 * useful points themselves near it, about an eighth, so their whiskers and the unmitigated model's
 * name still have room inside the plot.
 */
const MARGIN = { full: 0.04, focus: 0.12 };

/** Every point and the reference with their whiskers, with a margin. */
export function fullWindow(plot: TradeoffPlot): Window {
  return withinRange(plot, boxAround(withWhiskers([...plot.points, ...(plot.reference ? [plot.reference] : [])]), MARGIN.full));
}

/** The points and the ends of their intervals: a window round them shows each whisker whole, not cut at the plot's edge. */
function withWhiskers(points: readonly ({ x: number; y: number } & Whiskers)[]): { x: number; y: number }[] {
  return points.flatMap((p) => [
    p,
    ...(p.xInterval ? p.xInterval.map((x) => ({ x, y: p.y })) : []),
    ...(p.yInterval ? p.yInterval.map((y) => ({ x: p.x, y })) : []),
  ]);
}

/**
 * Gaps are not negative and accuracy is at most 1: margins stop there. The edges are then rounded
 * out to tick values, so the axes' end labels are round numbers like the ticks between.
 */
function withinRange(plot: TradeoffPlot, window: Window): Window {
  const xs = withWhiskers([...plot.points, ...(plot.reference ? [plot.reference] : [])]).map((p) => p.x);
  const x: [number, number] = [xs.every((v) => v >= 0) ? Math.max(0, window.x[0]) : window.x[0], window.x[1]];
  const y: [number, number] = plot.yHigherIsBetter ? [Math.max(0, window.y[0]), Math.min(1, window.y[1])] : [Math.max(0, window.y[0]), window.y[1]];
  const nice = (domain: [number, number]) => scaleLinear().domain(domain).nice(6).domain() as [number, number];
  return { x: beyondBounds(nice(x), 0, Infinity), y: beyondBounds(nice(y), 0, plot.yHigherIsBetter ? 1 : Infinity) };
}

/** Of the span, how far an axis reaches past a bound it ends on: half a marker on a 600 px plot. */
const EDGE_ROOM = 0.015;

/**
 * An axis ending on a bound of its values (a gap of 0, an accuracy of 1) reaches a little past it,
 * so a marker there is drawn whole (cold try 16 saw a point at a gap of 0 cut in half); the ticks
 * stay round values inside.
 */
function beyondBounds([low, high]: [number, number], lowest: number, highest: number): [number, number] {
  const room = (high - low) * EDGE_ROOM;
  return [low === lowest ? low - room : low, high === highest ? high + room : high];
}

/**
 * The useful region, drawn as the full view is but round fewer points: each method's own front
 * (its settings no other setting of it beats on both axes: the best it offers, whatever the other
 * methods do), the unmitigated model and the point shown as "after". A setting its own method
 * beats on both axes is left out: reject-option's widest bands, less accurate and less fair than
 * its narrower ones. Every point shown has its whiskers whole inside (a whisker cut at the edge
 * hid how uncertain that point is). Null when that region holds every point: nothing to show all of.
 */
export function focusWindow(plot: TradeoffPlot): Window | null {
  if (plot.points.length === 0) return null;
  const ofMethod = (method: string) => plot.points.filter((p) => p.method === method);
  const anchors = [
    ...methodsOf(plot).flatMap((method) => frontOf(plot, ofMethod(method))),
    ...(plot.reference ? [plot.reference] : []),
    ...plot.points.filter((p) => p.id === plot.current),
  ];
  const full = fullWindow(plot);
  // rounded to ticks of its own, an edge could pass the full view's: the full view's edge then
  const around = (points: readonly ({ x: number; y: number } & Whiskers)[]): Window => {
    const focus = withinRange(plot, boxAround(withWhiskers(points), MARGIN.focus));
    return {
      x: [Math.max(focus.x[0], full.x[0]), Math.min(focus.x[1], full.x[1])],
      y: [Math.max(focus.y[0], full.y[0]), Math.min(focus.y[1], full.y[1])],
    };
  };
  // a whisker drawn whole can bring in a point with whiskers of its own: widened until every point shown has its whiskers inside
  let shown: ({ x: number; y: number } & Whiskers)[] = anchors;
  let window = around(shown);
  for (;;) {
    const more = plot.points.filter((p) => !shown.includes(p) && (p.xInterval || p.yInterval) && inside(p, window));
    if (more.length === 0) break;
    shown = [...shown, ...more];
    window = around(shown);
  }
  return pointsOutside(plot, window) === 0 ? null : window;
}

/** Points outside a window (said next to the "Show all" control). */
export function pointsOutside(plot: TradeoffPlot, window: Window): number {
  return plot.points.filter((p) => !inside(p, window)).length;
}

const inside = (p: { x: number; y: number }, window: Window) => p.x >= window.x[0] && p.x <= window.x[1] && p.y >= window.y[0] && p.y <= window.y[1];

/** The points of `points` no other of them beats on both axes (at least as good on both, better on one). */
function frontOf(plot: TradeoffPlot, points: readonly PlotPoint[]): PlotPoint[] {
  const better = (a: PlotPoint, b: PlotPoint) => (plot.yHigherIsBetter ? a.y >= b.y : a.y <= b.y) && a.x <= b.x && (a.x !== b.x || a.y !== b.y);
  return points.filter((p) => !points.some((q) => better(q, p)));
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
 * Both axes over a window: its edges are the axes' ends, which after a zoom are not round numbers
 * (0.5347); ticks, labels and grid lines are at round values inside it (a step of 1, 2 or 5 × 10^k,
 * about six of them), so every zoom level keeps labels on both axes.
 */
export function tradeoffAxes(plot: TradeoffPlot, theme: ChartTheme, window: Window) {
  const axis = (name: string, [min, max]: [number, number], gap: number) => {
    const ticks = niceTicks([min, max]);
    const decimals = ticks.length > 1 ? Math.max(0, -Math.floor(Math.log10(ticks[1]! - ticks[0]!) + 1e-9)) : 3;
    return {
      type: 'value' as const,
      name,
      nameLocation: 'middle' as const,
      nameGap: gap,
      nameTextStyle: { color: theme.foreground, fontSize: 12 },
      min,
      max,
      axisLine: { onZero: false, lineStyle: { color: theme.muted } },
      // the grid's lines follow the ticks
      axisTick: { customValues: ticks },
      axisLabel: { color: theme.foreground, hideOverlap: true, customValues: ticks, formatter: (value: number) => String(Number(value.toFixed(decimals))) },
      splitLine: { show: true, lineStyle: { color: theme.grid } },
    };
  };
  return { xAxis: axis(plot.xLabel, window.x, 30), yAxis: axis(plot.yLabel, window.y, 48) };
}

/** About six round values inside a range (steps of 1, 2 or 5 × 10^k), without floating-point tails. */
export function niceTicks([low, high]: [number, number]): number[] {
  const ticks = scaleLinear().domain([low, high]).ticks(6);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.max(high - low, 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return ticks.map((t) => Number(t.toFixed(decimals)));
}

/** The ECharts option: one scatter series per method, the front (or sweep path), the unmitigated model. */
export function tradeoffOption(plot: TradeoffPlot, theme: ChartTheme, window: Window, interactive: boolean): TradeoffOption {
  const methods = methodsOf(plot);
  const pointSeries: ScatterSeriesOption[] = methods.map((method, i) => {
    const { color, marker } = styleOf(i, theme);
    return {
      type: 'scatter',
      name: method,
      symbol: `path://${marker}`,
      symbolSize: 11,
      symbolKeepAspect: true,
      // a halo of the background round every marker: where points overlap (near the unmitigated model's ring), each one's edge shows
      itemStyle: { color, borderColor: theme.background, borderWidth: MARKER_HALO, opacity: 1 },
      emphasis: { scale: 1.6, itemStyle: { borderColor: theme.foreground, borderWidth: 1.5 } },
      z: 3,
      data: drawOrder(plot, method).map((p) => ({ value: [p.x, p.y], id: String(p.id) })),
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
        plot,
        `${method} intervals`,
        styleOf(i, theme).color,
        plot.points.filter((p) => p.method === method).map((p) => ({ ...p, who: `${p.method}, ${p.setting}` })),
      ),
    ),
    ...(plot.reference
      ? [whiskerSeries(plot, `${plot.reference.label} intervals`, theme.foreground, [{ ...plot.reference, who: `${plot.reference.label} model` }])]
      : []),
  ].filter((series) => (series.data as unknown[]).length > 0);
  const current = plot.points.find((p) => p.id === plot.current);
  // each place holding several points: a double ring round its marker (the unmitigated model's ring is one, and thicker); the tooltip lists them
  const stacks = [...new Set(stackedPoints(plot).values())];
  const overlays: (ScatterSeriesOption | CustomSeriesOption)[] = [
    ...(stacks.length > 0
      ? STACK_RINGS.map((size, i): ScatterSeriesOption => ({
          type: 'scatter',
          name: `points at the same place ${i + 1}`,
          silent: true,
          symbol: 'circle',
          symbolSize: size,
          z: 4,
          itemStyle: { color: 'transparent', borderColor: theme.foreground, borderWidth: 1 },
          data: stacks.map((stack) => [stack[0]!.x, stack[0]!.y]),
        }))
      : []),
    ...(plot.reference
      ? [
          {
            type: 'scatter' as const,
            name: plot.reference.label,
            // a ring under the method points (wider than a marker, so it shows around one): a point at the same place keeps its hover and click
            symbol: 'circle',
            symbolSize: REFERENCE_RING,
            z: 2,
            itemStyle: { color: 'transparent', borderColor: theme.foreground, borderWidth: 2.5 },
            data: [{ value: [plot.reference.x, plot.reference.y], id: 'reference' }],
          },
          {
            // its name where it covers no marker, whisker or front (placed on every draw, so after a zoom too),
            // with a halo of the background, above the points
            type: 'custom' as const,
            name: `${plot.reference.label} label`,
            silent: true,
            z: 4,
            renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => referenceLabel(plot, theme, params, api),
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
            symbolSize: AFTER_RING,
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
    // the window drawn is the axes' extent; the panel zooms and pans by drawing the axes again
    ...tradeoffAxes(plot, theme, window),
    ...(interactive
      ? {
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

/** Pixel sizes: the cap across an interval's end, an arrowhead's length and half its width. */
const CAP = 8;
/**
 * The radius of the gap a whisker leaves round a marker: a marker's half (symbolSize 11) and its
 * halo, so a thin shape (the star, the cross) is never crossed by an interval's line.
 */
const MARKER_GAP = 11 / 2 + MARKER_HALO;

/** A circle a whisker's line does not cross, in pixels. */
interface Clearing {
  x: number;
  y: number;
  r: number;
}

/**
 * Where whiskers leave a gap: every marker, the double ring round a place holding several points,
 * the unmitigated model's ring and the "after" ring, each to its outer edge. A whisker runs past
 * other points than its own (the unmitigated model's through a method's point at its gap): drawn
 * through a ring, the ring read as a stray mark on the line.
 */
function clearingsOf(plot: TradeoffPlot, stacked: ReadonlyMap<number, PlotPoint[]>, toPixel: ToPixel): Clearing[] {
  const at = (p: { x: number; y: number }, r: number): Clearing => {
    const [x, y] = toPixel(p.x, p.y);
    return { x, y, r };
  };
  const current = plot.points.find((p) => p.id === plot.current);
  return [
    ...plot.points.map((p) => at(p, stacked.has(p.id) ? STACK_RINGS[1] / 2 + 1 : MARKER_GAP)),
    ...(plot.reference ? [at(plot.reference, REFERENCE_RING / 2 + 1.5)] : []),
    ...(current ? [at(current, AFTER_RING / 2 + 1.5)] : []),
  ];
}
/**
 * A whisker's line: in its method's full colour (3:1 or more against the background, as the markers;
 * at 55% opacity they read 1.4:1 on white, lost), 1.5 px, wider than the grid's 1 px lines.
 */
export const WHISKER_WIDTH = 1.5;
const ARROW = 8;
const ARROW_HALF = 4;

/** The plot area in pixels (the grid), as ECharts hands it to a custom series. */
interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

type ToPixel = (x: number, y: number) => [number, number];

/**
 * An interval as drawn: its line clipped to the plot area, along pixel coordinates `start` < `end`
 * at `fixed` across, its point at `at` along, and which ends run past the area (drawn as an
 * arrowhead on the edge).
 */
interface DrawnWhisker {
  horizontal: boolean;
  fixed: number;
  at: number;
  start: number;
  end: number;
  startOut: boolean;
  endOut: boolean;
}

/** Null when nothing of the interval is in the area (its point lies outside it across, or both ends past one edge). */
export function clippedWhisker(point: { x: number; y: number }, [low, high]: Interval, horizontal: boolean, toPixel: ToPixel, area: Area): DrawnWhisker | null {
  const [a, b] = horizontal ? [toPixel(low, point.y), toPixel(high, point.y)] : [toPixel(point.x, low), toPixel(point.x, high)];
  const along = horizontal ? 0 : 1;
  const [min, max] = horizontal ? [area.x, area.x + area.width] : [area.y, area.y + area.height];
  const [acrossMin, acrossMax] = horizontal ? [area.y, area.y + area.height] : [area.x, area.x + area.width];
  const fixed = a[1 - along]!;
  const at = toPixel(point.x, point.y)[along]!;
  const [first, last] = [a[along]!, b[along]!].sort((p, q) => p - q) as [number, number];
  if (fixed < acrossMin - 0.5 || fixed > acrossMax + 0.5 || last < min || first > max) return null;
  return { horizontal, fixed, at, start: Math.max(first, min), end: Math.min(last, max), startOut: first < min, endOut: last > max };
}

/** Where a drawn whisker lies, with room for its caps: what the reference's name must not cover. */
function whiskerBox(w: DrawnWhisker): Box {
  const [lo, hi] = [w.fixed - CAP / 2, w.fixed + CAP / 2];
  return w.horizontal ? { left: w.start, right: w.end, top: lo, bottom: hi } : { left: lo, right: hi, top: w.start, bottom: w.end };
}

/**
 * Error bars of one method's points (or the unmitigated model's), drawn on every render in pixels:
 * a thin line in the method's colour from each interval's lower to its upper
 * end, across for the fairness gap and up and down for accuracy, a cap at an end inside the plot,
 * and an arrowhead on the plot's edge where the interval runs past it (hover it for the bound).
 * Caps and colour keep whiskers apart from the grid lines, which span the plot. Drawn under
 * the markers (z), the line stops short of its own point so the marker's shape reads.
 */
function whiskerSeries(
  plot: TradeoffPlot,
  name: string,
  color: string,
  points: readonly ({ x: number; y: number; who: string } & Whiskers)[],
): CustomSeriesOption {
  const axisName = (label: string) => label.replace(/ \(.*\)$/, '');
  const item = (p: (typeof points)[number], [low, high]: Interval, horizontal: boolean) => ({
    // the arrowhead's tooltip: whose interval, and its bounds (one of them is past the plot's edge)
    name: `${p.who}: ${axisName(horizontal ? plot.xLabel : plot.yLabel)} interval [${low.toFixed(3)}, ${high.toFixed(3)}]; the arrow: it runs past the plot's edge`,
    value: [p.x, p.y, low, high, horizontal ? 0 : 1],
  });
  // which points share a place does not change with the zoom: found once, not at each whisker's render
  const stacked = stackedPoints(plot);
  return {
    type: 'custom',
    name,
    z: 2,
    renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
      const toPixel: ToPixel = (x, y) => api.coord([x, y]) as [number, number];
      const [x, y, low, high, horizontal] = [0, 1, 2, 3, 4].map((dim) => api.value(dim) as number) as [number, number, number, number, number];
      const drawn = clippedWhisker({ x, y }, [low, high], horizontal === 0, toPixel, (params as unknown as { coordSys: Area }).coordSys);
      return drawn ? whiskerShapes(drawn, color, clearingsOf(plot, stacked, toPixel)) : null;
    },
    data: points.flatMap((p) => [...(p.xInterval ? [item(p, p.xInterval, true)] : []), ...(p.yInterval ? [item(p, p.yInterval, false)] : [])]),
  };
}

function whiskerShapes(w: DrawnWhisker, color: string, clearings: readonly Clearing[]): CustomSeriesRenderItemReturn {
  const at = (along: number, across: number): [number, number] => (w.horizontal ? [along, w.fixed + across] : [w.fixed + across, along]);
  const line = (from: [number, number], to: [number, number]) => ({
    type: 'line' as const,
    silent: true,
    shape: { x1: from[0], y1: from[1], x2: to[0], y2: to[1] },
    style: { stroke: color, fill: 'none', lineWidth: WHISKER_WIDTH },
  });
  // the line in pieces, between the gaps round its own point and every other marker or ring it crosses (a piece shorter than a pixel is left out)
  const [from, to] = [w.start + (w.startOut ? ARROW : 0), w.end - (w.endOut ? ARROW : 0)];
  const pieces = linePieces(w, from, to, clearings).filter(([a, b]) => b - a >= 1);
  const end = (edge: number, out: boolean, outward: 1 | -1) =>
    out
      ? {
          type: 'polygon' as const,
          shape: { points: [at(edge, 0), at(edge - outward * ARROW, -ARROW_HALF), at(edge - outward * ARROW, ARROW_HALF)] },
          style: { fill: color },
        }
      : line(at(edge, -CAP / 2), at(edge, CAP / 2));
  return {
    type: 'group',
    children: [...pieces.map(([a, b]) => line(at(a, 0), at(b, 0))), end(w.start, w.startOut, -1), end(w.end, w.endOut, 1)],
  };
}

/** The stretches of a whisker's line from `from` to `to` (along) outside every clearing it passes through. */
export function linePieces(w: Pick<DrawnWhisker, 'horizontal' | 'fixed'>, from: number, to: number, clearings: readonly Clearing[]): [number, number][] {
  const cuts = clearings
    .flatMap((c) => {
      const [along, across] = w.horizontal ? [c.x, c.y] : [c.y, c.x];
      const off = Math.abs(across - w.fixed);
      if (off >= c.r) return [];
      const half = Math.sqrt(c.r * c.r - off * off);
      return [[along - half, along + half] as [number, number]];
    })
    .sort((a, b) => a[0] - b[0]);
  const pieces: [number, number][] = [];
  let start = from;
  for (const [a, b] of cuts) {
    if (a > start) pieces.push([start, Math.min(a, to)]);
    start = Math.max(start, b);
    if (start >= to) break;
  }
  if (start < to) pieces.push([start, to]);
  return pieces;
}

/**
 * The unmitigated model's name: the place nearest its ring (every place within LABEL_REACH px of it,
 * on a 2 px grid) that lies inside the plot and covers no marker, ring, whisker or step of the front,
 * nor a grid line; else the nearest of those that cover the fewest (a grid line counting less than
 * any mark). Nearest first: cold try 13 read the name two grid cells from its ring, where the
 * fixed places round it were all crossed by its whiskers. Measured in pixels on every draw, so it
 * stays clear after a zoom; the text's size is a generous estimate (7 px a character at 12 px) so
 * the real text is inside the box tested.
 */
function referenceLabel(
  plot: TradeoffPlot,
  theme: ChartTheme,
  params: CustomSeriesRenderItemParams,
  api: CustomSeriesRenderItemAPI,
): CustomSeriesRenderItemReturn {
  const reference = plot.reference!;
  const area = (params as unknown as { coordSys: Area }).coordSys;
  const toPixel: ToPixel = (x, y) => api.coord([x, y]) as [number, number];
  const box = referenceLabelBox(plot, toPixel, area, [reference.label.length * 7 + 4, 16]);
  if (!box) return null;
  return {
    type: 'text',
    silent: true,
    x: (box.left + box.right) / 2,
    y: (box.top + box.bottom) / 2,
    style: {
      text: reference.label,
      fill: theme.foreground,
      stroke: theme.background,
      lineWidth: 3,
      font: `12px ${theme.font}`,
      align: 'center',
      verticalAlign: 'middle',
    },
  };
}

/** The label's box (see referenceLabel); null when the unmitigated model is outside the plot area. */
export function referenceLabelBox(plot: TradeoffPlot, toPixel: ToPixel, area: Area, [width, height]: [number, number]): Box | null {
  const reference = plot.reference!;
  const [rx, ry] = toPixel(reference.x, reference.y);
  const within = (b: Box) => b.left >= area.x && b.right <= area.x + area.width && b.top >= area.y && b.bottom <= area.y + area.height;
  if (!within({ left: rx, right: rx, top: ry, bottom: ry })) return null;
  const obstacles = obstaclesOf(plot, toPixel, area);
  const at = (left: number, top: number): Box => ({ left, top, right: left + width, bottom: top + height });
  // how far a box is from the ring's centre: to its nearest point (the ring's outer edge is 11 px out)
  const gap = (b: Box) => Math.hypot(Math.max(b.left - rx, 0, rx - b.right), Math.max(b.top - ry, 0, ry - b.bottom));
  const ring = 12;
  const candidates: { box: Box; gap: number }[] = [];
  for (let top = ry - ring - LABEL_REACH - height; top <= ry + ring + LABEL_REACH; top += 2)
    for (let left = rx - ring - LABEL_REACH - width; left <= rx + ring + LABEL_REACH; left += 2) {
      const box = at(left, top);
      const g = gap(box);
      if (g >= ring && g <= ring + LABEL_REACH) candidates.push({ box, gap: g });
    }
  const crossing = (boxes: Box[], b: Box) => boxes.filter((o) => o.left < b.right && b.left < o.right && o.top < b.bottom && b.top < o.bottom).length;
  // a grid line through the name reads as a whisker struck through it (cold try 12): avoided too, but covering a mark is worse
  const gridLines = gridLinesOf(toPixel, area);
  const cost = (b: Box) => crossing(obstacles, b) * (gridLines.length + 1) + crossing(gridLines, b);
  const inside = candidates.filter((c) => within(c.box)).map((c) => ({ ...c, cost: cost(c.box) }));
  // none inside (a plot smaller than the name): above left of the ring, as ECharts would clip it
  if (inside.length === 0) return at(rx - ring - width, ry - ring - height);
  return inside.reduce((best, c) => (c.cost < best.cost || (c.cost === best.cost && c.gap < best.gap) ? c : best)).box;
}

/** How far beyond its ring the unmitigated model's name may go: about a grid cell, so it reads as the ring's. */
const LABEL_REACH = 40;

/**
 * The grid's lines in pixels, as tradeoffAxes draws them: at niceTicks of the window shown, read
 * back from the plot area's corners (the axes are linear), so they follow every zoom and pan.
 */
function gridLinesOf(toPixel: ToPixel, area: Area): Box[] {
  const [x0, y0] = toPixel(0, 0);
  const [x1, y1] = toPixel(1, 1);
  if (x1 === x0 || y1 === y0) return [];
  const value = (pixel: number, zero: number, one: number) => (pixel - zero) / (one - zero);
  const xs = niceTicks([value(area.x, x0, x1), value(area.x + area.width, x0, x1)].sort((a, b) => a - b) as [number, number]);
  const ys = niceTicks([value(area.y + area.height, y0, y1), value(area.y, y0, y1)].sort((a, b) => a - b) as [number, number]);
  return [
    ...xs.map((x) => toPixel(x, 0)[0]).map((at) => ({ left: at - 1, right: at + 1, top: area.y, bottom: area.y + area.height })),
    ...ys.map((y) => toPixel(0, y)[1]).map((at) => ({ left: area.x, right: area.x + area.width, top: at - 1, bottom: at + 1 })),
  ];
}

/** What the reference's name must not cover, in pixels: markers, the rings, the whiskers as drawn, the front's steps. */
function obstaclesOf(plot: TradeoffPlot, toPixel: ToPixel, area: Area): Box[] {
  const around = ([x, y]: [number, number], r: number): Box => ({ left: x - r, right: x + r, top: y - r, bottom: y + r });
  const span = ([x1, y1]: [number, number], [x2, y2]: [number, number]): Box => ({
    left: Math.min(x1, x2) - 2,
    right: Math.max(x1, x2) + 2,
    top: Math.min(y1, y2) - 2,
    bottom: Math.max(y1, y2) + 2,
  });
  const reference = plot.reference!;
  const withIntervals = [...plot.points, reference];
  const whiskers = withIntervals.flatMap((p) => [
    ...(p.xInterval ? [clippedWhisker(p, p.xInterval, true, toPixel, area)] : []),
    ...(p.yInterval ? [clippedWhisker(p, p.yInterval, false, toPixel, area)] : []),
  ]);
  const front = plot.sweepPath ? [] : plot.points.filter((p) => p.pareto).sort((a, b) => a.x - b.x);
  const steps = front.slice(1).flatMap((b, i) => {
    const a = front[i]!;
    // the front's line steps as ECharts draws it: across then up/down ('end') or the reverse ('start')
    const corner = plot.yHigherIsBetter ? toPixel(b.x, a.y) : toPixel(a.x, b.y);
    return [span(toPixel(a.x, a.y), corner), span(corner, toPixel(b.x, b.y))];
  });
  return [
    ...plot.points.map((p) => around(toPixel(p.x, p.y), 7)),
    around(toPixel(reference.x, reference.y), 11),
    ...whiskers.flatMap((w) => (w ? [whiskerBox(w)] : [])),
    ...steps,
  ];
}

/** A setting as read by people: "band = 0.005", not "band = 0.004999999999999989". */
export function settingText(parameter: string, value: number): string {
  return parameter === 'default' ? "the method's own setting" : `${parameter} = ${roundSetting(value)}`;
}

export function roundSetting(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

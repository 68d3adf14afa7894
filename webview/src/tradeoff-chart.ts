import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { legendMarkup } from '../../common/render/plots';
import {
  drawOrder,
  focusWindow,
  fullWindow,
  methodsOf,
  PlotPoint,
  pointsOutside,
  stackedPoints,
  tradeoffAxes,
  TradeoffPlot,
  tradeoffOption,
  Window,
} from '../../common/render/tradeoff';
import { tooltipPlace } from '../../common/render/tooltip-place';
import { currentTheme, onThemeChange } from './chart-theme';
import { el, rendered } from './dom';

echarts.use([ScatterChart, LineChart, CustomChart, GridComponent, TooltipComponent, SVGRenderer]);

export interface ChartHandlers {
  /**
   * Tooltip text of a point: a heading and lines. `others`: the points drawn at the same place (any
   * method); `opens`: the one a click there opens, the one drawn on top (by keyboard: the point itself).
   */
  describe(point: PlotPoint, others: PlotPoint[], opens: PlotPoint): { heading: string; lines: string[] };
  /** The reference point's tooltip lines. */
  describeReference(): string[];
  /** A point was clicked, or chosen with Enter. */
  open(point: PlotPoint): void;
  /** "Show all" or back to the focused view. */
  onShowAll(showAll: boolean): void;
  /** The view zoomed or panned to, undefined when back to the default view: saved, so a panel shown again keeps it. */
  onZoom?(zoom: Window | undefined): void;
}

/**
 * The interactive trade-off plot: ECharts' SVG renderer (no eval, styles only through the CSSOM,
 * so it runs under the panel's nonce-only CSP), tooltips built as DOM text and put beside the pointer
 * where they cover the fewest points (tooltipPlace), zoom by Ctrl + wheel or
 * pinch about the cursor and pan by drag (the axes redrawn over the new window, so their labels stay
 * round), a "Show all" control when the default view focuses on the useful region, a "Reset view"
 * control (and double-click) whenever the view is not the default one,
 * and one invisible button per point over the plot so the keyboard can reach every point
 * (arrow keys move, Enter opens; each button's name says what the point is).
 */
export function tradeoffChart(plot: TradeoffPlot, showAll: boolean, handlers: ChartHandlers, zoom?: Window): { element: HTMLElement; dispose(): void } {
  const box = el('div', { class: 'chart-box', 'data-testid': 'tradeoff-chart' });
  const canvas = el('div', { class: 'chart-canvas' });
  const overlay = el('div', { class: 'point-overlay', role: 'group', 'aria-label': 'points of the plot: arrow keys move between them, Enter opens one' });
  box.append(canvas, overlay);
  const legend = el('div');
  const focus = focusWindow(plot);
  const all = fullWindow(plot);
  const controls = el('div', { class: 'chart-controls' });
  const figure = el('figure', { class: 'tradeoff' }, controls, box, legend);
  const chart = echarts.init(canvas, null, { renderer: 'svg' });
  const methods = methodsOf(plot);
  const place = new Map<number, { seriesIndex: number; dataIndex: number }>();
  methods.forEach((method, m) => drawOrder(plot, method).forEach((p, dataIndex) => place.set(p.id, { seriesIndex: m + 1, dataIndex })));
  const byId = new Map(plot.points.map((p) => [p.id, p]));
  const stacks = stackedPoints(plot);
  const othersAt = (point: PlotPoint) => (stacks.get(point.id) ?? []).filter((p) => p !== point);
  let showing = showAll || !focus;
  const defaultView = (): Window => (showing || !focus ? all : focus);
  // the zoom saved in the panel's state (the panel was hidden, or redrawn), else the default view
  let view = zoom ?? defaultView();

  const tooltip = (params: unknown): HTMLElement => {
    const data = (params as { data?: { id?: string } }).data;
    const box = el('div', { class: 'chart-tip' });
    if (data?.id === 'reference') {
      const [heading, ...lines] = handlers.describeReference();
      box.append(el('strong', {}, heading ?? ''), ...lines.map((line) => el('div', {}, line)));
      return box;
    }
    // a whisker's arrowhead: its interval's bounds (one of them past the plot's edge)
    const { seriesType, name } = params as { seriesType?: string; name?: string };
    if (seriesType === 'custom' && name) {
      box.append(el('div', {}, name));
      return box;
    }
    const point = data?.id === undefined ? undefined : byId.get(Number(data.id));
    if (!point) return box;
    const { heading, lines } = handlers.describe(point, othersAt(point), stacks.get(point.id)?.at(-1) ?? point);
    box.append(el('strong', {}, heading), ...lines.map((line) => el('div', {}, line)));
    return box;
  };

  // the points drawn, in the chart's pixels, for the tooltip to keep clear of
  const marks = (): [number, number][] =>
    [...plot.points, ...(plot.reference ? [plot.reference] : [])]
      .map((p) => chart.convertToPixel('grid', [p.x, p.y]) as [number, number])
      .filter((pixel) => chart.containPixel('grid', pixel));
  const position = (pointer: number[], _params: unknown, _dom: unknown, _rect: unknown, size: { contentSize: number[]; viewSize: number[] }) =>
    tooltipPlace(pointer as [number, number], size.contentSize as [number, number], size.viewSize as [number, number], marks());

  const draw = () => {
    const theme = currentTheme();
    const option = tradeoffOption(plot, theme, view, true);
    chart.setOption({ ...option, tooltip: { ...(option.tooltip as object), formatter: tooltip, position, className: 'chart-tooltip' } }, { notMerge: true });
    legend.replaceChildren(rendered(legendMarkup(plot, theme)));
  };

  const reset = el('vscode-button', { secondary: '', 'data-testid': 'reset-view', hidden: '' }, 'Reset view');
  const same = (a: Window, b: Window) => [...a.x, ...a.y].every((v, i) => Math.abs(v - [...b.x, ...b.y][i]!) < 1e-12);
  // what the note beside "Show all" says about the view (set when there is one)
  let describeView = () => {};
  const show = (window: Window) => {
    view = window;
    reset.hidden = same(view, defaultView());
    describeView();
    chart.setOption(tradeoffAxes(plot, currentTheme(), view));
    handlers.onZoom?.(reset.hidden ? undefined : { x: [...view.x], y: [...view.y] });
  };
  reset.addEventListener('click', () => show(defaultView()));
  canvas.addEventListener('dblclick', () => show(defaultView()));

  if (focus) {
    const button = el('vscode-button', { secondary: '', 'data-testid': 'show-all' });
    const note = el('span', { class: 'note', 'data-testid': 'outside-note' });
    const label = () => {
      button.textContent = showing ? 'Focus on the useful region' : `Show all ${plot.points.length} points`;
      const outside = pointsOutside(plot, view);
      note.textContent = `${outside === 0 ? 'All points shown.' : `${outside} of ${plot.points.length} points lie outside this view.`} Ctrl + scroll to zoom, drag to pan, double-click to reset.`;
    };
    button.addEventListener('click', () => {
      showing = !showing;
      show(defaultView());
      label();
      handlers.onShowAll(showing);
    });
    describeView = label;
    label();
    controls.append(button, reset, note);
  } else {
    controls.append(reset, el('span', { class: 'note' }, 'Ctrl + scroll to zoom, drag to pan, double-click to reset.'));
  }

  // Keyboard and test access: an invisible button over each point, moved after every render.
  const points = [...plot.points].sort((a, b) => a.x - b.x || b.y - a.y);
  const targets = points.map((point) => {
    const target = el('button', { class: 'point-target', type: 'button', tabindex: '-1', 'data-testid': `point-${point.id}`, 'data-method': point.method });
    const { heading, lines } = handlers.describe(point, othersAt(point), point);
    target.setAttribute('aria-label', [heading, ...lines].join('; '));
    target.addEventListener('click', () => handlers.open(point));
    target.addEventListener('focus', () => chart.dispatchAction({ type: 'showTip', ...place.get(point.id)! }));
    target.addEventListener('blur', () => chart.dispatchAction({ type: 'hideTip' }));
    overlay.append(target);
    return target;
  });
  overlay.addEventListener('keydown', (event) => {
    const visible = targets.filter((t) => !t.hidden);
    const at = visible.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: visible.length - 1 }[event.key];
    if (next === undefined || visible.length === 0) return;
    event.preventDefault();
    const target = visible[Math.max(0, Math.min(visible.length - 1, next))]!;
    for (const t of targets) t.tabIndex = t === target ? 0 : -1;
    target.focus();
  });
  const placeTargets = () => {
    let first = true;
    targets.forEach((target, i) => {
      const point = points[i]!;
      const [x, y] = chart.convertToPixel({ seriesIndex: place.get(point.id)!.seriesIndex }, [point.x, point.y]) as number[];
      const inside = x !== undefined && y !== undefined && chart.containPixel('grid', [x, y]);
      target.hidden = !inside;
      if (!inside) return;
      target.style.left = `${x}px`;
      target.style.top = `${y}px`;
      if (first && !targets.some((t) => t.tabIndex === 0 && !t.hidden)) target.tabIndex = 0;
      first = false;
    });
  };

  chart.on('click', (params) => {
    if (drag?.moved) return;
    const id = (params.data as { id?: string } | undefined)?.id;
    const point = id === undefined || id === 'reference' ? undefined : byId.get(Number(id));
    if (point) handlers.open(point);
  });
  chart.on('finished', placeTargets);
  // Zoom and pan within every point's extent (or the view shown, if wider), in data units.
  const bounds = (): Window => ({
    x: [Math.min(all.x[0], view.x[0]), Math.max(all.x[1], view.x[1])],
    y: [Math.min(all.y[0], view.y[0]), Math.max(all.y[1], view.y[1])],
  });
  const inCanvas = (event: MouseEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  };
  // Ctrl + wheel (and a touchpad's pinch, which Chromium reports so) zooms about the cursor: the
  // value under it stays under it; a plain wheel scrolls the panel, as over the rest of the page.
  canvas.addEventListener(
    'wheel',
    (event) => {
      const pixel = inCanvas(event);
      if (!event.ctrlKey || !chart.containPixel('grid', pixel)) return;
      event.preventDefault();
      const [cx, cy] = chart.convertFromPixel('grid', pixel) as [number, number];
      const factor = Math.exp(Math.max(-1, Math.min(1, event.deltaY * 0.002)));
      const limits = bounds();
      const scale = ([low, high]: [number, number], at: number, [min, max]: [number, number]): [number, number] => {
        const span = (high - low) * factor;
        // no closer than a thousandth of the whole extent, no wider than it
        if (span >= max - min) return [min, max];
        if (span < (max - min) / 1000) return [low, high];
        const start = at - (at - low) * factor;
        return [start, start + span];
      };
      show({ x: scale(view.x, cx, limits.x), y: scale(view.y, cy, limits.y) });
    },
    { passive: false },
  );
  // a drag pans; a click without moving still opens the point under it
  let drag: { from: [number, number]; window: Window; moved: boolean } | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    const pixel = inCanvas(event);
    if (event.button === 0 && chart.containPixel('grid', pixel)) drag = { from: pixel, window: view, moved: false };
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag || (event.buttons & 1) === 0) return;
    const [x, y] = inCanvas(event);
    const [dx, dy] = [x - drag.from[0], y - drag.from[1]];
    if (!drag.moved && Math.hypot(dx, dy) < 3) return;
    drag.moved = true;
    const [x0, y0] = chart.convertFromPixel('grid', drag.from) as [number, number];
    const [x1, y1] = chart.convertFromPixel('grid', [drag.from[0] + dx, drag.from[1] + dy]) as [number, number];
    const limits = bounds();
    const shift = ([low, high]: [number, number], by: number, [min, max]: [number, number]): [number, number] => {
      const moved = Math.max(min - low, Math.min(max - high, by));
      return [low + moved, high + moved];
    };
    // measured against the window when the drag began, so the value grabbed stays under the pointer
    const start = drag.window;
    show({ x: shift(start.x, x0 - x1, limits.x), y: shift(start.y, y0 - y1, limits.y) });
  });
  const endDrag = () => {
    if (drag?.moved) setTimeout(() => (drag = null));
    else drag = null;
  };
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  const resize = new ResizeObserver(() => {
    if (canvas.clientWidth > 0) chart.resize();
  });
  resize.observe(canvas);
  reset.hidden = same(view, defaultView());
  const stopWatching = onThemeChange(draw);
  draw();
  return {
    element: figure,
    dispose() {
      stopWatching();
      resize.disconnect();
      chart.dispose();
    },
  };
}

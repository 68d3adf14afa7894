import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { legendMarkup } from '../../common/render/plots';
import { focusWindow, fullWindow, methodsOf, PlotPoint, pointsOutside, tickStep, TradeoffPlot, tradeoffOption, Window } from '../../common/render/tradeoff';
import { currentTheme, onThemeChange } from './chart-theme';
import { el, rendered } from './dom';

echarts.use([ScatterChart, LineChart, CustomChart, GridComponent, TooltipComponent, DataZoomComponent, SVGRenderer]);

export interface ChartHandlers {
  /** Tooltip text of a point: a heading and lines (`others`: points drawn at the same place). */
  describe(point: PlotPoint, others: PlotPoint[]): { heading: string; lines: string[] };
  /** The reference point's tooltip lines. */
  describeReference(): string[];
  /** A point was clicked, or chosen with Enter. */
  open(point: PlotPoint): void;
  /** "Show all" or back to the focused view. */
  onShowAll(showAll: boolean): void;
}

/**
 * The interactive trade-off plot: ECharts' SVG renderer (no eval, styles only through the CSSOM,
 * so it runs under the panel's nonce-only CSP), tooltips built as DOM text, zoom by Ctrl + wheel or
 * pinch and pan by drag, a "Show all" control when the default view focuses on the useful region,
 * and one invisible button per point over the plot so the keyboard can reach every point
 * (arrow keys move, Enter opens; each button's name says what the point is).
 */
export function tradeoffChart(plot: TradeoffPlot, showAll: boolean, handlers: ChartHandlers): { element: HTMLElement; dispose(): void } {
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
  methods.forEach((method, m) => plot.points.filter((p) => p.method === method).forEach((p, dataIndex) => place.set(p.id, { seriesIndex: m + 1, dataIndex })));
  const byId = new Map(plot.points.map((p) => [p.id, p]));
  let showing = showAll || !focus;

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
    const others = plot.points.filter((p) => p !== point && p.method === point.method && p.x === point.x && p.y === point.y);
    const { heading, lines } = handlers.describe(point, others);
    box.append(el('strong', {}, heading), ...lines.map((line) => el('div', {}, line)));
    return box;
  };

  const draw = () => {
    const theme = currentTheme();
    const option = tradeoffOption(plot, theme, showing || !focus ? all : focus, true);
    chart.setOption({ ...option, tooltip: { ...(option.tooltip as object), formatter: tooltip, className: 'chart-tooltip' } }, { notMerge: true });
    legend.replaceChildren(rendered(legendMarkup(plot, theme)));
  };

  const zoomTo = (window: Window) =>
    chart.dispatchAction({
      type: 'dataZoom',
      batch: [
        { dataZoomIndex: 0, startValue: window.x[0], endValue: window.x[1] },
        { dataZoomIndex: 1, startValue: window.y[0], endValue: window.y[1] },
      ],
    });

  if (focus) {
    const hidden = pointsOutside(plot, focus);
    const button = el('vscode-button', { secondary: '', 'data-testid': 'show-all' });
    const note = el('span', { class: 'note', 'data-testid': 'outside-note' });
    const label = () => {
      button.textContent = showing ? 'Focus on the useful region' : `Show all ${plot.points.length} points`;
      note.textContent = showing
        ? 'All points shown. Ctrl + scroll to zoom, drag to pan.'
        : `${hidden} of ${plot.points.length} points lie outside this view. Ctrl + scroll to zoom, drag to pan.`;
    };
    button.addEventListener('click', () => {
      showing = !showing;
      zoomTo(showing ? all : focus);
      label();
      handlers.onShowAll(showing);
    });
    label();
    controls.append(button, note);
  } else {
    controls.append(el('span', { class: 'note' }, 'Ctrl + scroll to zoom, drag to pan.'));
  }

  // Keyboard and test access: an invisible button over each point, moved after every render.
  const points = [...plot.points].sort((a, b) => a.x - b.x || b.y - a.y);
  const targets = points.map((point) => {
    const target = el('button', { class: 'point-target', type: 'button', tabindex: '-1', 'data-testid': `point-${point.id}`, 'data-method': point.method });
    const { heading, lines } = handlers.describe(point, []);
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
    const id = (params.data as { id?: string } | undefined)?.id;
    const point = id === undefined || id === 'reference' ? undefined : byId.get(Number(id));
    if (point) handlers.open(point);
  });
  chart.on('finished', placeTargets);
  // after a zoom or pan, ticks at a round step of the new window
  chart.on('datazoom', () => {
    const zoom = (chart.getOption() as { dataZoom?: { startValue?: number; endValue?: number }[] }).dataZoom ?? [];
    const range = (i: number): [number, number] | undefined =>
      zoom[i]?.startValue === undefined || zoom[i]?.endValue === undefined ? undefined : [zoom[i]!.startValue!, zoom[i]!.endValue!];
    const [x, y] = [range(0), range(1)];
    if (x && y) chart.setOption({ xAxis: { interval: tickStep(x) }, yAxis: { interval: tickStep(y) } });
  });
  const resize = new ResizeObserver(() => {
    if (canvas.clientWidth > 0) chart.resize();
  });
  resize.observe(canvas);
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

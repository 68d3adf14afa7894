import { focusWindow, fullWindow, LIGHT_THEME, TradeoffPlot, tradeoffOption } from './tradeoff';

/**
 * The trade-off plot as a static SVG string (the exported report), drawn by ECharts' server-side
 * renderer without a DOM: the same option as the panel's, focused on the useful region (a
 * comparison) or showing every point (one method's sweep).
 * ECharts ships ES modules only, hence the dynamic imports from this CommonJS side.
 */
export async function tradeoffSvg(plot: TradeoffPlot, focus: boolean, width = 720, height = 420): Promise<string> {
  const [echarts, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  echarts.use([charts.ScatterChart, charts.LineChart, components.GridComponent, renderers.SVGRenderer]);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(tradeoffOption(plot, LIGHT_THEME, (focus && focusWindow(plot)) || fullWindow(plot), false));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { focusWindow, fullWindow, LIGHT_THEME, type TradeoffPlot, tradeoffOption } from './tradeoff.js';

echarts.use([ScatterChart, LineChart, CustomChart, GridComponent, SVGRenderer]);

/**
 * The trade-off plot as a static SVG string (the exported report), drawn by ECharts' server-side
 * renderer without a DOM: the same option as the panel's, focused on the useful region (a
 * comparison) or showing every point (one method's sweep). An ES module, as ECharts is: the
 * CommonJS side loads it with `import()`, and the bundler keeps only these parts of ECharts.
 */
export function tradeoffSvg(plot: TradeoffPlot, focus: boolean, width = 720, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(tradeoffOption(plot, LIGHT_THEME, (focus && focusWindow(plot)) || fullWindow(plot), false));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

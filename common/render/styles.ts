/**
 * Chart and table styles shared by the panel and the exported report. Colours come from custom
 * properties: the panel maps them to VS Code theme variables, the export to fixed palettes.
 */
export const CHART_CSS = `
.chart { max-width: 100%; height: auto; font: 11px var(--font, sans-serif); }
.chart .title { font-weight: 600; fill: var(--fg); }
.chart .label, .chart .tick-label, .chart .legend, .chart .axis-label { fill: var(--fg); }
.chart .missing { fill: var(--muted); font-style: italic; }
.chart .bar { fill: var(--c0); }
.chart .bar.small { fill: var(--muted); }
.chart .whisker { stroke: var(--fg); stroke-width: 1.2; fill: none; }
.chart .reference { stroke: var(--muted); stroke-dasharray: 4 3; }
.chart .domain, .chart .tick { stroke: var(--muted); }
.chart .grid { stroke: var(--grid); }
.chart .line { fill: none; stroke-width: 1.8; }
.chart .front { fill: none; stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 5 3; }
.chart .point { stroke: var(--bg); stroke-width: 1; }
.chart .point.pareto { stroke: var(--fg); stroke-width: 2; }
.chart .point[tabindex] { cursor: pointer; }
.chart .point:focus { outline: none; stroke: var(--focus); stroke-width: 3; }
.chart .reference-point path { stroke: var(--fg); stroke-width: 2; }
.chart .front-swatch { fill: none; stroke: var(--fg); stroke-dasharray: 3 2; }
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.chart .s${i} .line, .chart .s${i}.point, .chart .swatch.s${i} { stroke: var(--c${i}); fill: var(--c${i}); }\n.chart .s${i} .line { fill: none; }`).join('\n')}
table.metrics { border-collapse: collapse; margin: 0.5em 0 1em; }
table.metrics th, table.metrics td { border-bottom: 1px solid var(--grid); padding: 3px 10px; text-align: right; white-space: nowrap; }
table.metrics th:first-child, table.metrics td:first-child { text-align: left; }
table.metrics .ci { color: var(--muted); font-size: 0.9em; }
.small-group { color: var(--warn); }
.flag { color: var(--warn); font-weight: 600; }
.missing { color: var(--muted); }
.caveat { color: var(--muted); font-size: 0.9em; }
.table-scroll { overflow-x: auto; max-width: 100%; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
`;

/** Fixed palettes for the exported report (light, and dark when the reader's system prefers it). */
export const EXPORT_THEME_CSS = `
:root { --fg: #1f2328; --bg: #ffffff; --muted: #6e7781; --grid: #d0d7de; --warn: #9a6700; --focus: #0969da; --font: system-ui, sans-serif;
  --c0: #0969da; --c1: #cf222e; --c2: #1a7f37; --c3: #9a6700; --c4: #8250df; --c5: #bc4c00; --c6: #1b7c83; --c7: #bf3989; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8b949e; --grid: #30363d; --warn: #d29922; --focus: #58a6ff;
    --c0: #58a6ff; --c1: #ff7b72; --c2: #3fb950; --c3: #d29922; --c4: #bc8cff; --c5: #ffa657; --c6: #39c5cf; --c7: #ff80c8; }
}
body { color: var(--fg); background: var(--bg); font-family: var(--font); margin: 2em; }
`;

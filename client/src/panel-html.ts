import { CHART_CSS, REPORT_CSS, SERIES_DARK_CSS, SERIES_HIGH_CONTRAST_CSS, SERIES_LIGHT_CSS } from '../../common/render/styles';
import { escapeXml } from '../../common/render/svg';

/**
 * The panel's page. Content-Security-Policy: scripts only with this page's nonce, styles only from
 * the extension or with the nonce, nothing from the network. Kept free of the `vscode` API so the
 * webview tests load exactly this page in Chromium. `loading`: what the page says until its content
 * comes, e.g. "Auditing adult.csv…" while the audit runs.
 */
export function panelHtml(cspSource: string, scriptUri: string, nonce: string, loading = 'Loading…'): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Parity</title>
<style nonce="${nonce}">${PANEL_CSS}${CHART_CSS}${REPORT_CSS}</style>
</head>
<body>
<main id="root" aria-live="polite"><p class="loading" role="status" data-testid="loading">${escapeXml(loading)}</p></main>
<script nonce="${nonce}" src="${escapeXml(scriptUri)}"></script>
</body>
</html>`;
}

/**
 * Page styles: VS Code theme variables feed the report's custom properties (light, dark and high
 * contrast follow the editor); the chart series take the colour-blind-aware palette of the
 * background (as the trade-off plot does); high-contrast themes also get borders (the reference
 * group's bar a thicker one in the text colour, as the charts' key says). The edge of a table's
 * pinned columns casts the theme's widget shadow (high contrast has none: its border shows).
 * Verdict and flag text mixes the theme's status colour with its foreground: VS Code's default
 * passed-test green (#73c991) is 2:1 on a light editor, the mix 4.5:1 or more.
 */
const PANEL_CSS = `
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --grid: var(--vscode-panel-border, var(--vscode-widget-border, #8884)); --warn: color-mix(in srgb, var(--vscode-editorWarning-foreground) 45%, var(--vscode-foreground)); --focus: var(--vscode-focusBorder);
  --good: color-mix(in srgb, var(--vscode-testing-iconPassed, var(--vscode-charts-green)) 45%, var(--vscode-foreground)); --bad: var(--vscode-errorForeground);
  --info: color-mix(in srgb, var(--vscode-charts-blue) 60%, var(--vscode-foreground));
  --edge-shadow: var(--vscode-widget-shadow, transparent);
  --font: var(--vscode-font-family); --mono: var(--vscode-editor-font-family, monospace); ${SERIES_LIGHT_CSS} }
body.vscode-dark, body.vscode-high-contrast { ${SERIES_DARK_CSS} }
body.vscode-high-contrast { ${SERIES_HIGH_CONTRAST_CSS} }
/* high contrast frames things in its border colour; lines that only guide the eye (a chart's grid, a table's rows) are the border colour subdued */
body.vscode-high-contrast, body.vscode-high-contrast-light { --gridline: color-mix(in srgb, var(--vscode-contrastBorder) 35%, var(--vscode-editor-background)); }
/* the root's own background, not only the body's: in headless Chromium the Compare panel was shown black behind its text, its styles all applied */
html { background: var(--bg); }
body { color: var(--fg); background: var(--bg); font-family: var(--font); font-size: var(--vscode-font-size); padding: 0 16px 24px; overflow-x: hidden; }
main { max-width: 100%; }
button.sort { background: none; border: none; color: inherit; font: inherit; font-weight: 600; cursor: pointer; padding: 3px 10px; margin: 0; width: 100%; height: 100%; text-align: inherit; display: block; }
th.sortable { cursor: pointer; }
th.sortable:hover, th.sortable:hover button.sort { background: var(--vscode-list-hoverBackground); }
button.sort:focus-visible, button.link:focus-visible, .point-target:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
/* the sort button fills a sortable heading and carries its padding: the cell's own would be added (the report styles set it after this) */
table.metrics th.sortable { padding: 0; }
@media (max-width: 760px) { button.sort { padding: 3px 4px; } }
/* before/after has four figures with intervals and a verdict: under 1200 px (an editor beside the side bar) the intervals go under their figures so the verdict stays in view */
@media (max-width: 1200px) {
  table[data-testid="before-after-table"] .ci { display: block; font-size: 0.85em; }
  table[data-testid="before-after-table"] td.col-label .badge { display: block; width: fit-content; margin: 2px 0 0; }
  table[data-testid="before-after-table"] td.col-text { white-space: normal; min-width: 6em; }
}
/* the groups table's narrow layout (common/render/styles.ts): its sort buttons, which fill the header cells, as narrow */
@media (min-width: 761px) and (max-width: 1400px) {
  table.metrics.groups-table th.sortable { padding: 0; }
  table.metrics.groups-table button.sort { padding: 3px; }
  table.metrics.groups-table th.col-number button.sort { padding-left: 2px; }
}
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; padding-top: 8px; }
.choosers { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0 12px; }
.chooser { display: flex; align-items: center; gap: 8px; min-width: 0; max-width: 100%; }
.chooser label { font-weight: 600; white-space: nowrap; }
.chooser select { min-width: 0; max-width: min(40em, 100%); text-overflow: ellipsis; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, var(--grid)); padding: 3px 6px; font: inherit; }
.chooser select:focus { outline: 1px solid var(--focus); }
button.link { background: none; border: none; color: var(--vscode-textLink-foreground); font: inherit; cursor: pointer; padding: 0; text-decoration: underline; }
button.link:disabled { color: var(--muted); cursor: default; text-decoration: none; }
figure { margin: 0; }
figure.tradeoff { max-width: 960px; }
.chart-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin: 8px 0; }
.chart-box { position: relative; width: 100%; }
.chart-canvas { width: 100%; height: 440px; }
.point-overlay { position: absolute; inset: 0; pointer-events: none; }
.point-target { position: absolute; width: 16px; height: 16px; margin: -8px 0 0 -8px; padding: 0; border: none; border-radius: 50%; background: transparent; pointer-events: none; }
.chart-tooltip { max-width: 320px; white-space: normal !important; overflow-wrap: anywhere; }
.chart-tip strong { display: block; margin-bottom: 2px; }
.after-setting { font-weight: 600; }
.error { color: var(--vscode-errorForeground); }
/* what the panel computes, until its report comes: where the report's title will be, with a bar that moves so it does not read as a stalled page */
.loading { font-size: 1.3em; font-weight: 600; margin: 32px 0 0; }
.loading::after { content: ''; display: block; width: 12em; height: 2px; margin-top: 12px; background: linear-gradient(90deg, transparent, var(--focus), transparent) 0 0 / 50% 100% no-repeat var(--grid); animation: loading 1.4s linear infinite; }
@keyframes loading { from { background-position: -100% 0; } to { background-position: 200% 0; } }
@media (prefers-reduced-motion: reduce) { .loading::after { animation: none; } }
ul.run, p.run { color: var(--muted); }
vscode-tab-panel { overflow-x: hidden; }
/* high contrast: the chosen tab's own 1 px underline lay on the strip's line in the same colour, unseen; it is 3 px in the active border's colour */
body.vscode-high-contrast vscode-tab-header[active], body.vscode-high-contrast-light vscode-tab-header[active] { border-bottom: 3px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); }
/* forced colours (Windows high contrast) paint every border in the text colour: the chosen tab's is told by its 3 px */
@media (forced-colors: active) { vscode-tab-header[active] { border-bottom: 3px solid CanvasText; } }
body.vscode-high-contrast .chart .bar, body.vscode-high-contrast-light .chart .bar { stroke: var(--vscode-contrastBorder); }
body.vscode-high-contrast .chart .bar.is-reference, body.vscode-high-contrast-light .chart .bar.is-reference { stroke: var(--fg); stroke-width: 2.5; }
body.vscode-high-contrast table.metrics th, body.vscode-high-contrast-light table.metrics th { border-bottom-color: var(--vscode-contrastBorder); }
body.vscode-high-contrast table.metrics td, body.vscode-high-contrast-light table.metrics td { border-bottom-color: var(--gridline); }
body.vscode-high-contrast .chart-box, body.vscode-high-contrast-light .chart-box { outline: 1px solid var(--vscode-contrastBorder); }
`;

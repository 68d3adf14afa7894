import { CHART_CSS } from '../../common/render/styles';
import { escapeXml } from '../../common/render/svg';

/**
 * The panel's page. Content-Security-Policy: scripts only with this page's nonce, styles only from
 * the extension or with the nonce, nothing from the network. Kept free of the `vscode` API so the
 * webview tests load exactly this page in Chromium.
 */
export function panelHtml(cspSource: string, scriptUri: string, nonce: string): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource} 'nonce-${nonce}'`, `font-src ${cspSource}`, `img-src ${cspSource} data:`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Parity</title>
<style nonce="${nonce}">${PANEL_CSS}${CHART_CSS}</style>
</head>
<body>
<main id="root" aria-live="polite"><p>Loading…</p></main>
<script nonce="${nonce}" src="${escapeXml(scriptUri)}"></script>
</body>
</html>`;
}

/** Page styles: VS Code theme variables feed the chart palette (light, dark and high contrast). */
const PANEL_CSS = `
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --grid: var(--vscode-panel-border, var(--vscode-widget-border, #8884)); --warn: var(--vscode-editorWarning-foreground); --focus: var(--vscode-focusBorder);
  --font: var(--vscode-font-family);
  --c0: var(--vscode-charts-blue); --c1: var(--vscode-charts-red); --c2: var(--vscode-charts-green); --c3: var(--vscode-charts-yellow);
  --c4: var(--vscode-charts-purple); --c5: var(--vscode-charts-orange); --c6: var(--vscode-terminal-ansiCyan, #1b7c83); --c7: var(--vscode-terminal-ansiMagenta, #bf3989); }
body { color: var(--fg); background: var(--bg); font-family: var(--font); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
button.sort { background: none; border: none; color: inherit; font: inherit; font-weight: 600; cursor: pointer; padding: 2px; }
button.sort:focus-visible { outline: 1px solid var(--focus); }
.toolbar { display: flex; gap: 8px; justify-content: flex-end; padding-top: 8px; }
figure { margin: 0; }
.error { color: var(--vscode-errorForeground); }
ul.run { color: var(--muted); }
body.vscode-high-contrast .chart .bar { stroke: var(--vscode-contrastBorder); }
`;

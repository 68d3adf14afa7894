import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { ExportFormat, ExtensionToWebview, PanelContent, PanelViewState, WebviewToExtension } from '../../common/protocol';
import { settingText } from '../../common/render/tradeoff';
import { auditView } from './audit-view';
import { comparisonView } from './comparison-view';
import type { Drawn } from './controls';
import { el } from './dom';
import { mitigationView } from './mitigation-view';

interface SavedState {
  content: PanelContent;
  view: PanelViewState;
}

declare function acquireVsCodeApi(): {
  postMessage(message: WebviewToExtension): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
};

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let current: SavedState | undefined = vscode.getState();
let drawn: Drawn | undefined;

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  if (message.type === 'error') {
    root.replaceChildren(el('p', { class: 'error', role: 'alert' }, message.message));
    return;
  }
  // The extension holds the latest view the page reported (and the view a new content starts with).
  show({ content: message.content, view: message.view });
});

// A reloaded panel (hidden then shown, or after a window reload) draws its saved state at once;
// the extension answers `ready` with the content anyway.
if (current) show(current);
vscode.postMessage({ type: 'ready' });

function show(state: SavedState): void {
  current = state;
  vscode.setState(state);
  // Redrawing replaces the choosers: keep the keyboard where it was.
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.['testid'];
  drawn?.dispose?.();
  drawn = draw(state);
  root.replaceChildren(exportBar(state.content.kind), ...drawn.nodes);
  if (focused) (root.querySelector(`[data-testid="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
}

function draw(state: SavedState): Drawn {
  // Views report what changed (tab, sort, grouping, reference, "after", show all); the rest of the view is kept.
  const onView = (change: PanelViewState, redraw = false) => {
    const view = { ...current!.view, ...change };
    current = { ...current!, view };
    vscode.setState(current);
    vscode.postMessage({ type: 'viewState', view });
    if (redraw) show(current);
  };
  const content = state.content;
  switch (content.kind) {
    case 'audit':
      return auditView(content.report, state.view, onView, () => vscode.postMessage({ type: 'setPositiveMeans' }));
    case 'mitigation':
      return mitigationView(content.report, state.view, onView);
    case 'comparison':
      return comparisonView(content.comparison, state.view, onView, (index) => {
        const point = content.comparison.points[index]!;
        if (point.report)
          vscode.postMessage({
            type: 'openReport',
            path: point.report,
            sweepIndex: point.sweepIndex ?? null,
            method: point.method,
            setting: settingText(point.parameter, point.value),
          });
      });
  }
}

function exportBar(kind: PanelContent['kind']): HTMLElement {
  const formats: ExportFormat[] = {
    audit: ['html', 'markdown', 'json'] as ExportFormat[],
    mitigation: ['html', 'json'] as ExportFormat[],
    comparison: ['html', 'json'] as ExportFormat[],
  }[kind];
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' });
  if (kind === 'audit') {
    const run = el('vscode-button', { title: 'Run a mitigation method on the audited file', 'data-testid': 'run-mitigation' }, 'Run Mitigation…');
    run.addEventListener('click', () => vscode.postMessage({ type: 'runMitigation' }));
    bar.append(run);
  }
  for (const format of formats) {
    const button = el(
      'vscode-button',
      { secondary: '', title: `Export the report as ${format.toUpperCase()}`, 'data-testid': `export-${format}` },
      `Export ${format === 'markdown' ? 'Markdown' : format.toUpperCase()}`,
    );
    button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    bar.append(button);
  }
  return bar;
}

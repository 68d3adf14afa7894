import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { ExportFormat, ExtensionToWebview, PanelContent, PanelViewState, WebviewToExtension } from '../../common/protocol';
import { auditView } from './audit-view';
import { el } from './dom';
import { comparisonView, mitigationView } from './mitigation-view';

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

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  if (message.type === 'error') {
    root.replaceChildren(el('p', { class: 'error', role: 'alert' }, message.message));
    return;
  }
  show({ content: message.content, view: current?.content === undefined ? message.view : { ...message.view, ...current.view } });
});

// A reloaded panel (hidden then shown, or after a window reload) draws its saved state at once;
// the extension answers `ready` with the content anyway.
if (current) show(current);
vscode.postMessage({ type: 'ready' });

function show(state: SavedState): void {
  current = state;
  vscode.setState(state);
  // Views report what changed (tab or sort); the rest of the saved view is kept.
  const onView = (change: PanelViewState) => {
    const view = { ...current!.view, ...change };
    current = { ...current!, view };
    vscode.setState(current);
    vscode.postMessage({ type: 'viewState', view });
  };
  const content = state.content;
  const views =
    content.kind === 'audit'
      ? auditView(content.report, state.view, onView)
      : content.kind === 'mitigation'
        ? mitigationView(content.report)
        : comparisonView(content.comparison, (path) => vscode.postMessage({ type: 'openReport', path }));
  root.replaceChildren(exportBar(content.kind), ...views);
}

function exportBar(kind: PanelContent['kind']): HTMLElement {
  const formats: ExportFormat[] = { audit: ['html', 'markdown', 'json'] as ExportFormat[], mitigation: ['html', 'json'] as ExportFormat[], comparison: ['json'] as ExportFormat[] }[kind];
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' });
  if (kind === 'audit') {
    const run = el('vscode-button', { title: 'Run a mitigation method on the audited file' }, 'Run Mitigation…');
    run.addEventListener('click', () => vscode.postMessage({ type: 'runMitigation' }));
    bar.append(run);
  }
  for (const format of formats) {
    const button = el('vscode-button', { secondary: '', title: `Export the report as ${format.toUpperCase()}` }, `Export ${format.toUpperCase()}`);
    button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    bar.append(button);
  }
  return bar;
}

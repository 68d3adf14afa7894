import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import { EXPORT_FORMATS, type ExtensionToWebview, type PanelContent, type PanelViewState, type WebviewToExtension } from '../../common/protocol';
import type { AuditReport } from '../../common/reports/audit';
import { groupId, groupingName } from '../../common/render/audit-model';
import { shownGroupingIndex } from '../../common/render/default-grouping';
import { settingText } from '../../common/render/tradeoff';
import { auditView } from './audit-view';
import { comparisonView } from './comparison-view';
import { chooser, type Drawn } from './controls';
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
/** The reference group (its id) whose audit was asked for: any new content from the extension answers it. */
let recomputing: string | undefined;

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  if (message.type === 'error') {
    root.replaceChildren(el('p', { class: 'error', role: 'alert' }, message.message));
    return;
  }
  recomputing = undefined;
  // The extension holds the latest view the page reported (and the view a new content starts with);
  // new content for what the page shows keeps the page's own view, which may be newer.
  show({ content: message.content, view: message.keepView && current ? current.view : message.view });
  // an audit comes without its proxies: the extension answers with them (or why there are none)
  if (message.content.kind === 'audit' && message.content.proxies === undefined) vscode.postMessage({ type: 'proxies' });
});

// A reloaded panel (hidden then shown, or after a window reload) draws its saved state at once;
// the extension answers `ready` with the content anyway.
if (current) show(current);
vscode.postMessage({ type: 'ready' });

function show(state: SavedState): void {
  current = state;
  vscode.setState(state);
  // Redrawing replaces the choosers: keep the keyboard where it was, if it is in the panel at all
  // (content that arrives later, such as the proxies, must not take the focus from the editor).
  const focused = document.hasFocus() ? (document.activeElement as HTMLElement | null)?.dataset?.['testid'] : undefined;
  drawn?.dispose?.();
  drawn = draw(state);
  root.replaceChildren(exportBar(state), ...drawn.nodes);
  if (focused) (root.querySelector(`[data-testid="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
}

/** Views report what changed (tab, sort, grouping, reference, "after", show all); the rest of the view is kept. */
function onView(change: PanelViewState, redraw = false): void {
  const view = { ...current!.view, ...change };
  current = { ...current!, view };
  vscode.setState(current);
  vscode.postMessage({ type: 'viewState', view });
  if (redraw) show(current);
}

function draw(state: SavedState): Drawn {
  const content = state.content;
  switch (content.kind) {
    case 'audit':
      return auditView(content, state.view, onView, {
        recomputing,
        chooseReference(group) {
          recomputing = groupId({ key: group });
          vscode.postMessage({ type: 'chooseReference', group });
        },
        setPositiveMeans: () => vscode.postMessage({ type: 'setPositiveMeans' }),
        configureColumns: () => vscode.postMessage({ type: 'configureColumns' }),
        auditAgain: () => vscode.postMessage({ type: 'auditAgain' }),
        fixProxy: (fix, column, sensitive) => vscode.postMessage({ type: 'fixProxy', fix, column, sensitive }),
      });
    case 'mitigation':
      return mitigationView(content.report, state.view, onView, {
        setPositiveMeans: () => vscode.postMessage({ type: 'setPositiveMeans' }),
        openOutput: (file) => vscode.postMessage({ type: 'openOutput', file }),
      });
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

/**
 * An audit of several groupings: whether its HTML and Markdown exports hold them all or only the one
 * shown (Adult's 12 made a 1.6 MB page). JSON, the report itself, always holds them all.
 */
function exportGroupingsChooser(report: AuditReport, view: PanelViewState): HTMLElement[] {
  if (report.groupings.length < 2) return [];
  const shown = report.groupings[shownGroupingIndex(report, view.grouping)]!;
  return [
    chooser(
      'export-groupings',
      'In HTML and Markdown exports',
      [
        { value: 'all', label: `all ${report.groupings.length} groupings` },
        { value: 'shown', label: `only ${groupingName(shown)}` },
      ],
      view.exportGroupings ?? 'all',
      (value) => onView({ exportGroupings: value === 'shown' ? 'shown' : 'all' }),
    ),
  ];
}

function exportBar(state: SavedState): HTMLElement {
  const kind = state.content.kind;
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' });
  if (kind === 'audit') {
    const run = el('vscode-button', { title: 'Run a mitigation method on the audited file', 'data-testid': 'run-mitigation' }, 'Run Mitigation…');
    run.addEventListener('click', () => vscode.postMessage({ type: 'runMitigation' }));
    bar.append(run);
  }
  if (state.content.kind === 'audit') bar.append(...exportGroupingsChooser(state.content.report, state.view));
  for (const format of EXPORT_FORMATS) {
    const name = format === 'markdown' ? 'Markdown' : format.toUpperCase();
    const button = el('vscode-button', { secondary: '', title: `Export the report as ${name}`, 'data-testid': `export-${format}` }, `Export ${name}`);
    button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    bar.append(button);
  }
  return bar;
}

import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { panelHtml } from './panel-html';
import type {
  AuditContent,
  ExportFormat,
  ExtensionToWebview,
  PanelContent,
  PanelViewState,
  ProxyFindings,
  ProxyFix,
  WebviewToExtension,
} from '../../common/protocol';
import { mitigationTitle } from '../../common/render/mitigation-model';
import { auditTitle } from '../../common/render/text';
import { settingText } from '../../common/render/tradeoff';

export const PANEL_VIEW_TYPE = 'parity.report';

/** A panel opened before its report (ReportPanel.opening): whether its page has loaded, and whether the user closed it. */
export interface PendingPanel {
  readonly panel: vscode.WebviewPanel;
  ready: boolean;
  disposed: boolean;
}

export interface PanelHandlers {
  exportReport(content: PanelContent, view: PanelViewState, format: ExportFormat): Promise<unknown>;
  /** A trade-off point was clicked: open its run's report with that setting as "after". */
  openReport(message: Extract<WebviewToExtension, { type: 'openReport' }>): Promise<void>;
  /** The audit panel's Run Mitigation…, with the panel's view (the grouping shown). */
  runMitigation(content: PanelContent, view: PanelViewState): Promise<unknown>;
  /** A reference group was chosen in an audit panel: audit again against it (the new report comes through `show`). */
  chooseReference(content: AuditContent, group: Record<string, string>): Promise<unknown>;
  /** The audited file's proxies, from the language server. */
  proxies(content: AuditContent): Promise<ProxyFindings>;
  setPositiveMeans(content: PanelContent): Promise<unknown>;
  /** A mitigation panel's "Open predictions.csv" / "Open model.json": the file of its report. */
  openOutput(file: string): Promise<unknown>;
  /** Configure Columns of an audited file (a dataset audit without a label); the audit then runs again. */
  configureColumns(content: AuditContent): Promise<unknown>;
  /** The same audit again (its file or table and options), with the settings of now. */
  auditAgain(content: AuditContent): Promise<unknown>;
  /** A Proxies row's fix; resolves to the panel's proxies afterwards when they changed without a new audit. */
  fixProxy(content: AuditContent, fix: ProxyFix, column: string, sensitive: string): Promise<ProxyFindings | undefined>;
}

/**
 * The report panels: webviews under a strict Content-Security-Policy (nonce-only script, no
 * remote anything) showing an audit, a mitigation run or a comparison. One panel per report:
 * showing a report again (re-running an audit of the same file, opening another point of the
 * same run) refreshes its panel. Restored panels (after a window reload) register too, and the
 * focused panel is tracked, so Export Report exports what the user is looking at.
 */
export class ReportPanel {
  private static readonly open = new Map<string, ReportPanel>();
  private static lastActive: ReportPanel | undefined;

  private view: PanelViewState = {};
  private delivered: (() => void) | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private content: PanelContent,
    private readonly handlers: PanelHandlers,
    /** The page is already loaded (a panel opened while its report was computed): kept, not loaded again. */
    loaded = false,
  ) {
    ReportPanel.open.set(identity(content), this);
    if (panel.active) ReportPanel.lastActive = this;
    panel.webview.onDidReceiveMessage((message: WebviewToExtension) => this.receive(message));
    panel.onDidChangeViewState((event) => {
      if (event.webviewPanel.active) ReportPanel.lastActive = this;
    });
    panel.onDidDispose(() => {
      if (ReportPanel.open.get(identity(this.content)) === this) ReportPanel.open.delete(identity(this.content));
      if (ReportPanel.lastActive === this) ReportPanel.lastActive = undefined;
      this.delivered?.();
    });
    if (!loaded) panel.webview.html = html(panel.webview);
  }

  /**
   * A panel opened at once for a report still being computed (an audit): its tab and a page saying
   * what is computed, in place of a blank panel; `show` with it puts the report in it. Opened
   * without the focus, so a question the computation asks keeps it.
   */
  static opening(tabTitle: string, loading: string): PendingPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, tabTitle, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, options());
    const pending: PendingPanel = { panel, ready: false, disposed: false };
    // the page says `ready` once loaded: a report that comes later is posted at once, one that comes earlier waits for it
    const listening = panel.webview.onDidReceiveMessage((message: WebviewToExtension) => {
      if (message.type === 'ready') pending.ready = true;
    });
    panel.onDidDispose(() => {
      pending.disposed = true;
      listening.dispose();
    });
    panel.webview.html = html(panel.webview, loading);
    return pending;
  }

  /**
   * Shows `content` (with `view`, e.g. the sweep point to show as "after") in the panel already
   * showing that report, or in a new one; resolves once the webview has the content.
   */
  static async show(content: PanelContent, handlers: PanelHandlers, view?: PanelViewState, pending?: PendingPanel): Promise<ReportPanel> {
    const existing = ReportPanel.open.get(identity(content));
    if (existing) {
      pending?.panel.dispose();
      return existing.replace(content, view);
    }
    const adopted = pending && !pending.disposed ? pending : undefined;
    const panel = adopted?.panel ?? vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(content, view), vscode.ViewColumn.Active, options());
    if (adopted) {
      panel.title = title(content, view);
      panel.reveal(undefined, false);
    }
    const report = new ReportPanel(panel, content, handlers, adopted !== undefined);
    report.view = view ?? {};
    ReportPanel.lastActive = report;
    const delivered = report.whenDelivered();
    if (adopted?.ready) await report.post();
    return delivered;
  }

  static restore(panel: vscode.WebviewPanel, state: unknown, handlers: PanelHandlers): void {
    const saved = state as { content?: PanelContent; view?: PanelViewState } | undefined;
    if (!saved?.content) {
      panel.dispose();
      return;
    }
    panel.webview.options = options();
    const report = new ReportPanel(panel, saved.content, handlers);
    report.view = saved.view ?? {};
    panel.title = title(saved.content, report.view);
  }

  /** Whether `panel` shows a report (a pending panel once its report came). */
  static showsPanel(panel: vscode.WebviewPanel): boolean {
    return [...ReportPanel.open.values()].some((report) => report.panel === panel);
  }

  /** The content of the open audit panel of `file` (a path, or a table's or query's name), if any. */
  static openAudit(file: string): AuditContent | undefined {
    const content = ReportPanel.open.get(`audit:${file}`)?.content;
    return content?.kind === 'audit' ? content : undefined;
  }

  /** The contents of the open audit panels. */
  static audits(): AuditContent[] {
    return [...ReportPanel.open.values()].map((panel) => panel.content).filter((content): content is AuditContent => content.kind === 'audit');
  }

  /** Every open audit shows its proxies as the server measures and filters them now, in place of the old ones (no "Checking…" between). */
  static async reloadProxies(): Promise<void> {
    for (const panel of ReportPanel.open.values()) {
      const asked = panel.content;
      if (asked.kind !== 'audit' || asked.proxies === undefined) continue;
      const proxies = await panel.handlers.proxies(asked);
      // kept only with the report they were asked for (a new audit asks again); no reveal, the focus stays where it is
      if (panel.content !== asked) continue;
      panel.content = { ...asked, proxies };
      await panel.post(true);
    }
  }

  /** Shows `content` in the panel already showing that report; nothing when none is open. */
  static async refresh(content: PanelContent): Promise<void> {
    await ReportPanel.open.get(identity(content))?.replace(content, undefined);
  }

  /** The panel the user is looking at: the active one, else the one last active. */
  static focused(): ReportPanel | undefined {
    return ReportPanel.active() ?? ReportPanel.lastActive;
  }

  /** The panel of the active tab, if a report panel is. */
  static active(): ReportPanel | undefined {
    for (const report of ReportPanel.open.values()) if (report.panel.active) return report;
    return undefined;
  }

  get shown(): { content: PanelContent; view: PanelViewState } {
    return { content: this.content, view: this.view };
  }

  private async replace(content: PanelContent, view: PanelViewState | undefined): Promise<ReportPanel> {
    this.content = content;
    // A new run of the same audit keeps the user's grouping and sorts; a clicked point brings its own view.
    if (view) this.view = { ...this.view, ...view, tab: view.tab ?? 0 };
    this.panel.title = title(content, this.view);
    this.panel.reveal(undefined, false);
    ReportPanel.lastActive = this;
    const delivered = this.whenDelivered();
    await this.post(view === undefined);
    return delivered;
  }

  private whenDelivered(): Promise<ReportPanel> {
    return new Promise((resolve) => {
      this.delivered = () => resolve(this);
    });
  }

  /** Sends the content; `keepView`: it updates what the page shows, whose own view may be newer than `this.view`. */
  private async post(keepView = false): Promise<void> {
    const reply: ExtensionToWebview = { type: 'show', content: this.content, view: this.view, ...(keepView ? { keepView } : {}) };
    if (await this.panel.webview.postMessage(reply)) this.delivered?.();
  }

  private async receive(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.post();
        return;
      case 'viewState':
        this.view = message.view;
        this.panel.title = title(this.content, this.view);
        return;
      case 'export':
        await this.handlers.exportReport(this.content, this.view, message.format);
        return;
      case 'openReport':
        await this.handlers.openReport(message);
        return;
      case 'runMitigation':
        await this.handlers.runMitigation(this.content, this.view);
        return;
      case 'chooseReference': {
        const asked = this.content;
        if (asked.kind !== 'audit') return;
        await this.handlers.chooseReference(asked, message.group);
        // no new report came (cancelled, failed): the page stops saying that the audit runs
        if (this.content === asked) await this.post(true);
        return;
      }
      case 'proxies': {
        const asked = this.content;
        if (asked.kind !== 'audit' || asked.proxies !== undefined) return;
        const proxies = await this.handlers.proxies(asked);
        // kept only with the report they were asked for (a new audit asks again)
        if (this.content !== asked) return;
        this.content = { ...asked, proxies };
        await this.post(true);
        return;
      }
      case 'setPositiveMeans':
        await this.handlers.setPositiveMeans(this.content);
        return;
      case 'openOutput':
        // the path is the report's own: the page only says which of its files
        if (this.content.kind === 'mitigation' && (message.file === 'predictions' || message.file === 'model'))
          await this.handlers.openOutput(this.content.report.files[message.file]);
        return;
      case 'configureColumns':
        if (this.content.kind === 'audit') await this.handlers.configureColumns(this.content);
        return;
      case 'auditAgain':
        if (this.content.kind === 'audit') await this.handlers.auditAgain(this.content);
        return;
      case 'fixProxy': {
        const asked = this.content;
        if (asked.kind !== 'audit') return;
        const proxies = await this.handlers.fixProxy(asked, message.fix, message.column, message.sensitive);
        // an ignored proxy leaves the table; a column marked sensitive brings a new audit (and its own proxies)
        if (proxies && this.content === asked) {
          this.content = { ...asked, proxies };
          await this.post(true);
        }
        return;
      }
    }
  }
}

let extensionRoot: vscode.Uri;

/** Called once on activation: where dist/webview.js is. */
export function setExtensionRoot(root: vscode.Uri): void {
  extensionRoot = root;
}

function options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionRoot, 'dist')] };
}

/** Which report a panel shows: the audited file, the run's report.json, the comparison's folder. */
function identity(content: PanelContent): string {
  switch (content.kind) {
    case 'audit':
      return `audit:${content.report.file}`;
    case 'mitigation':
      return `mitigation:${content.report.files.report}`;
    case 'comparison':
      return `comparison:${content.comparison.files?.out ?? content.comparison.title}`;
  }
}

/** Whether an audit read a database (its `file` is `URL table "T"` or `URL query`, `duckdb:PATH …` included). */
export function isDatabaseReport(file: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(file);
}

/** Tab titles name the file (and, for a sweep point shown as "after", its setting). */
export function title(content: PanelContent, view?: PanelViewState): string {
  switch (content.kind) {
    case 'audit':
      if (!isDatabaseReport(content.report.file)) return `Audit: ${path.basename(content.report.file)}`;
      return `Audit: ${content.report.query !== undefined ? auditTitle(content.report.file, content.report.query) : content.report.file.replace(/^.*\s(table .*)$/, '$1')}`;
    case 'mitigation': {
      const point = view?.sweepIndex === undefined || view.sweepIndex === null ? undefined : content.report.tradeoff[view.sweepIndex];
      return `Mitigation: ${mitigationTitle(content.report)}${point ? ` (${settingText(point.parameter, point.value)})` : ''}`;
    }
    case 'comparison':
      return content.comparison.files ? `Compare: ${path.basename(content.comparison.files.train)}` : content.comparison.title;
  }
}

function html(webview: vscode.Webview, loading?: string): string {
  const script = vscode.Uri.joinPath(extensionRoot, 'dist', 'webview.js');
  return panelHtml(webview.cspSource, webview.asWebviewUri(script).toString(), randomBytes(16).toString('base64'), loading);
}

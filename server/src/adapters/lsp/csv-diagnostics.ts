import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, Diagnostic, Hover, Position } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isParityOutput } from '../../../../common/output-folders';
import type { AuditRequestOptions } from '../../../../common/protocol';
import type { LeakageResult } from '../../../../common/reports/leakage';
import type { ParitySettings } from '../../../../common/settings';
import type { Diagnosis } from '../worker/jobs';
import { JobError, runInWorker } from '../worker/pool';
import { auditDiagnostics, inputErrorDiagnostic } from './audit-diagnostics';
import { backgroundProgress } from './background-progress';
import { HeaderCells, readHeaderCells, readJsonKeyCells } from './header';
import { csvLeakageDiagnostics, leakageHover } from './leakage-diagnostics';
import { diagnoseJob } from './proxy-rows';

/** The data files diagnosed: CSV, Parquet, JSON Lines and Arrow (the formats the audit reads). */
const DIAGNOSED = /\.(csv|parquet|jsonl|ndjson|arrow|feather)$/i;

/** Typing pauses this long before an edited CSV file is checked again. */
const EDIT_PAUSE_MS = 600;

/**
 * The diagnostics of data files: a quick audit and the leakage figures of each file, published on
 * its header cells (a CSV file), its first line's keys (JSON Lines) or the top of the file (Parquet,
 * Arrow). A file is read from disk, except while its editor holds unsaved edits: then its text is
 * checked (from a private temporary copy). The last diagnosis of every file is kept,
 * so a settings change (an ignored proxy, new thresholds) republishes at once without a new job,
 * unless it changes the check itself (the minimum group size, the rows read): then the file is checked again.
 */
export class CsvDiagnostics {
  private readonly headers = new Map<string, HeaderCells>();
  private readonly leakage = new Map<string, LeakageResult>();
  private readonly diagnoses = new Map<string, Diagnosis>();
  private readonly running = new Map<string, AbortController>();
  /** Each running check's end (resolved once it is no longer the file's running check). */
  private readonly checks = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The document version last saved (or opened) of each file: a newer version is an unsaved edit. */
  private readonly savedVersions = new Map<string, number>();
  /** The check each file's diagnosis came from (its job without the file), and the unsaved text it read. */
  private readonly checkedWith = new Map<string, { job: string; text: string | undefined }>();
  private unsavedDir: string | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly settings: () => ParitySettings,
    private readonly configured: ReadonlyMap<string, AuditRequestOptions>,
  ) {}

  opened(document: TextDocument): Promise<void> {
    this.savedVersions.set(document.uri, document.version);
    return this.diagnose(document.uri);
  }

  saved(document: TextDocument): Promise<void> {
    this.savedVersions.set(document.uri, document.version);
    clearTimeout(this.timers.get(document.uri));
    return this.diagnose(document.uri);
  }

  /** Whether the editor holds edits of the file that are not saved. */
  isUnsaved(document: TextDocument): boolean {
    return this.savedVersions.has(document.uri) && this.savedVersions.get(document.uri) !== document.version;
  }

  /** An edit in the editor: the unsaved text is checked after a pause in typing. */
  changed(document: TextDocument): void {
    if (!this.isUnsaved(document)) return;
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(() => void this.diagnose(document.uri, document.getText()), EDIT_PAUSE_MS),
    );
  }

  closed(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.running.get(uri)?.abort();
    for (const cache of [this.headers, this.leakage, this.diagnoses, this.savedVersions, this.checkedWith]) cache.delete(uri);
    return this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * The settings changed: every file's diagnostics again from its last diagnosis, or from a new
   * check when the settings change what the check computes (cold try 14 set the minimum group size
   * to 200 and Problems still said "under 30 rows").
   */
  async republish(): Promise<void> {
    await Promise.all(
      [...this.diagnoses].map(([uri, diagnosis]) => {
        const last = this.checkedWith.get(uri);
        if (last && last.job !== this.jobKey(uri)) return this.diagnose(uri, last.text);
        return this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(uri, diagnosis) });
      }),
    );
  }

  /** What a check of the file computes under the current settings and roles, whatever file it reads. */
  private jobKey(uri: string): string {
    return JSON.stringify(diagnoseJob(this.settings(), this.configured.get(uri), ''));
  }

  /** The latest leakage figures of a file, for hovers and for pipeline code that loads it. */
  leakageOf(uri: string): LeakageResult | undefined {
    return this.leakage.get(uri);
  }

  rememberLeakage(uri: string, result: LeakageResult): void {
    this.leakage.set(uri, result);
  }

  /**
   * Waits for the file's running check, a newer one started meanwhile included: a panel then shows
   * its figures, not those of the first look it publishes first (the file's first rows only).
   */
  async settled(uri: string): Promise<void> {
    for (let check = this.checks.get(uri); check; check = this.checks.get(uri)) await check;
  }

  /** Hovering a header cell shows that column's leakage figures. */
  hover(uri: string, position: Position): Hover | null {
    const result = this.leakage.get(uri);
    const header = this.headers.get(uri);
    if (!result || !header || position.line !== header.line) return null;
    const index = header.cells.findIndex((cell) => position.character >= cell.start && position.character <= cell.end);
    const column = index >= 0 ? result.columnNames[index] : undefined;
    const text = column === undefined ? undefined : leakageHover(result, column);
    return text ? { contents: { kind: MarkupKind.Markdown, value: text } } : null;
  }

  /** Checks a file (its text when given, else the file on disk); a newer check cancels an older one. */
  async diagnose(uri: string, text?: string): Promise<void> {
    const settings = this.settings();
    if (!settings.diagnostics.enabled || !DIAGNOSED.test(uri) || !uri.startsWith('file:')) return;
    // a run's predictions.csv holds the user's columns with the run's added: it was judged when the
    // run was, and judging it again without the run's settings only warns of what the run settled
    if (isParityOutput(fileURLToPath(uri))) return void (await this.connection.sendDiagnostics({ uri, diagnostics: [] }));
    this.running.get(uri)?.abort();
    const controller = new AbortController();
    this.running.set(uri, controller);
    this.checkedWith.set(uri, { job: this.jobKey(uri), text });
    const configured = this.configured.get(uri);
    const progress = backgroundProgress(this.connection, `Parity: checking ${path.basename(fileURLToPath(uri))}`);
    let ended: () => void = () => undefined;
    const check = new Promise<void>((resolve) => (ended = resolve));
    this.checks.set(uri, check);
    try {
      const file = text === undefined ? fileURLToPath(uri) : await this.unsavedCopy(uri, text);
      const publish = async (diagnosis: Diagnosis) => {
        const header = await (
          /\.(jsonl|ndjson)$/i.test(file) ? readJsonKeyCells(file, diagnosis.columns) : readHeaderCells(file, diagnosis.headerLine, diagnosis.delimiter)
        ).catch(() => undefined);
        if (controller.signal.aborted) return;
        if (header) this.headers.set(uri, header);
        else this.headers.delete(uri);
        this.diagnoses.set(uri, diagnosis);
        await this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(uri, diagnosis) });
      };
      let published = Promise.resolve();
      const diagnosis = await runInWorker(diagnoseJob(settings, configured, file), {
        signal: controller.signal,
        onProgress: (p) => progress.report(p),
        onPartial: (first) => (published = publish(first)),
      });
      await published; // the first look never lands after the full diagnosis
      await publish(diagnosis);
    } catch (error) {
      if (error instanceof JobError && error.failure.kind === 'input') {
        await this.connection.sendDiagnostics({ uri, diagnostics: [inputErrorDiagnostic(error.failure, [], undefined)] });
      } else if (!(error instanceof JobError && error.failure.kind === 'cancelled')) {
        this.connection.console.error(`diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    } finally {
      progress.done();
      if (this.running.get(uri) === controller) this.running.delete(uri);
      if (this.checks.get(uri) === check) this.checks.delete(uri);
      ended();
    }
  }

  private diagnosticsOf(uri: string, diagnosis: Diagnosis): Diagnostic[] {
    const settings = this.settings();
    const header = this.headers.get(uri);
    if (diagnosis.leakage) this.leakage.set(uri, diagnosis.leakage);
    else this.leakage.delete(uri);
    if (diagnosis.report) {
      return [
        ...auditDiagnostics(diagnosis.report, diagnosis.columns, header),
        // without a header (Parquet, Arrow), the findings sit at the top of the file
        ...(diagnosis.leakage ? csvLeakageDiagnostics(uri, header?.line ?? 0, header?.text ?? '', diagnosis.leakage, settings.leakage, header?.cells) : []),
      ];
    }
    return diagnosis.failure?.kind === 'input' && (diagnosis.relevant || diagnosis.failure.location?.line !== undefined)
      ? [inputErrorDiagnostic(diagnosis.failure, diagnosis.columns, header)]
      : [];
  }

  /** The unsaved text in a private folder, under the file's own name (so messages read the same). */
  private async unsavedCopy(uri: string, text: string): Promise<string> {
    this.unsavedDir ??= mkdtempSync(path.join(tmpdir(), 'parity-unsaved-'));
    const dir = path.join(this.unsavedDir, createHash('sha256').update(uri).digest('hex').slice(0, 16));
    const file = path.join(dir, path.basename(fileURLToPath(uri)));
    await mkdir(dir, { recursive: true });
    await writeFile(file, text);
    return file;
  }

  /** Removes the temporary copies (the server is shutting down). */
  dispose(): void {
    if (this.unsavedDir) rmSync(this.unsavedDir, { recursive: true, force: true });
  }
}

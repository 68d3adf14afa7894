import * as vscode from 'vscode';
import type { AuditRequestOptions } from '../../common/protocol';

const COLUMNS = 'parity.columns:';
const ANSWERS = 'parity.answers:';
/** The answers of the last guided mitigation run on a file, whichever its method (Compare Methods starts on its groups). */
const LAST_MITIGATION = 'last-mitigation';

/**
 * What the user told Parity about each file, remembered in the workspace: its columns (Configure
 * Columns, fixes) and the last answers of each mitigation's guided run.
 */
export class ColumnsStore {
  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): AuditRequestOptions | undefined {
    return this.state.get<AuditRequestOptions>(COLUMNS + uri.toString());
  }

  async set(uri: vscode.Uri, options: AuditRequestOptions | undefined): Promise<void> {
    await this.state.update(COLUMNS + uri.toString(), options);
  }

  /** Every remembered file, for telling a freshly started server. */
  all(): { uri: string; options: AuditRequestOptions }[] {
    return this.state
      .keys()
      .filter((key) => key.startsWith(COLUMNS))
      .flatMap((key) => {
        const options = this.state.get<AuditRequestOptions>(key);
        return options ? [{ uri: key.slice(COLUMNS.length), options }] : [];
      });
  }

  answers(uri: vscode.Uri, method: string): Record<string, unknown> | undefined {
    return this.state.get<Record<string, unknown>>(`${ANSWERS}${method}:${uri.toString()}`);
  }

  async setAnswers(uri: vscode.Uri, method: string, params: Record<string, unknown>): Promise<void> {
    await this.state.update(`${ANSWERS}${method}:${uri.toString()}`, params);
  }

  /** The answers of the last Run Mitigation on the file, whichever its method. */
  lastMitigationAnswers(uri: vscode.Uri): Record<string, unknown> | undefined {
    return this.answers(uri, LAST_MITIGATION);
  }

  /** A mitigation's answers: kept for its method, and as the file's last mitigation answers. */
  async setMitigationAnswers(uri: vscode.Uri, method: string, params: Record<string, unknown>): Promise<void> {
    await this.setAnswers(uri, method, params);
    await this.setAnswers(uri, LAST_MITIGATION, params);
  }
}

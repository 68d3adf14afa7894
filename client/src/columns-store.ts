import * as vscode from 'vscode';
import type { AuditRequestOptions } from '../../common/protocol';

const PREFIX = 'parity.columns:';

/** The column roles chosen with Configure Columns, remembered per file in the workspace. */
export class ColumnsStore {
  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): AuditRequestOptions | undefined {
    return this.state.get<AuditRequestOptions>(PREFIX + uri.toString());
  }

  async set(uri: vscode.Uri, options: AuditRequestOptions | undefined): Promise<void> {
    await this.state.update(PREFIX + uri.toString(), options);
  }

  /** Every remembered file, for telling a freshly started server. */
  all(): { uri: string; options: AuditRequestOptions }[] {
    return this.state
      .keys()
      .filter((key) => key.startsWith(PREFIX))
      .flatMap((key) => {
        const options = this.state.get<AuditRequestOptions>(key);
        return options ? [{ uri: key.slice(PREFIX.length), options }] : [];
      });
  }
}

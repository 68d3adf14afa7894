import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DataFileNotification } from '../../common/protocol';

/** Data files VS Code opens without a text document (a binary editor): their tabs tell the server. */
const BINARY_DATA_FILE = /\.(parquet|arrow|feather)$/i;

function dataFileOf(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri?.scheme === 'file' && BINARY_DATA_FILE.test(uri.path) ? uri : undefined;
}

/**
 * Tells the server when a Parquet or Arrow file is opened in a tab and when its last tab closes,
 * as the language client does for text documents, so its diagnostics (proxies, small groups)
 * appear and clear like a CSV file's. A (re)started server is told every one open (`tellAll`).
 */
export class BinaryDataFiles implements vscode.Disposable {
  /** Open tabs per file. */
  private readonly open = new Map<string, number>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.count(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs),
      1,
    );
    this.listener = vscode.window.tabGroups.onDidChangeTabs((event) => {
      this.count(event.opened, 1);
      this.count(event.closed, -1);
    });
  }

  tellAll(): void {
    for (const uri of this.open.keys()) this.tell(uri, true);
  }

  dispose(): void {
    this.listener.dispose();
  }

  private count(tabs: readonly vscode.Tab[], change: 1 | -1): void {
    for (const tab of tabs) {
      const uri = dataFileOf(tab)?.toString();
      if (!uri) continue;
      const before = this.open.get(uri) ?? 0;
      const after = Math.max(0, before + change);
      if (after === 0) this.open.delete(uri);
      else this.open.set(uri, after);
      if ((before === 0) !== (after === 0)) this.tell(uri, after > 0);
    }
  }

  private tell(uri: string, open: boolean): void {
    // Before the server runs, tellAll will tell it.
    if (this.client.isRunning()) void this.client.sendNotification(DataFileNotification, { uri, open });
  }
}

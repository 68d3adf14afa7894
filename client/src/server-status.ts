import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

/**
 * The language server's state where Parity works (CSV and Python files), as rust-analyzer and
 * vscode-eslint show theirs: running, starting, or stopped with the reason, and the actions
 * that help (Restart Server, Show Log).
 */
export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('parity.server', [
    { pattern: '**/*.csv' },
    { language: 'python' },
    { pattern: '**/*.csv.gz' },
  ]);

  constructor() {
    this.item.name = 'Parity language server';
    this.state(State.Starting);
  }

  state(state: State): void {
    if (state === State.Running)
      this.show('Parity', 'fairness checks running', vscode.LanguageStatusSeverity.Information, { title: 'Show Log', command: 'parity.showLog' });
    else if (state === State.Starting) this.show('$(sync~spin) Parity', 'starting', vscode.LanguageStatusSeverity.Information, undefined, true);
    else this.stopped('stopped');
  }

  stopped(reason: string): void {
    this.show('$(error) Parity', `language server ${reason}`, vscode.LanguageStatusSeverity.Error, {
      title: 'Restart Server',
      command: 'parity.restartServer',
    });
  }

  private show(text: string, detail: string, severity: vscode.LanguageStatusSeverity, command: vscode.Command | undefined, busy = false): void {
    this.item.text = text;
    this.item.detail = detail;
    this.item.severity = severity;
    this.item.busy = busy;
    this.item.command = command;
  }

  dispose(): void {
    this.item.dispose();
  }
}

import * as vscode from 'vscode';
import { LanguageClient, LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import { randomUUID } from 'node:crypto';

/**
 * Runs a long server request with a cancellable progress notification fed by the server's
 * work-done progress, and a status-bar item while it runs. Resolves to undefined when the user
 * cancelled; other failures are shown once and logged.
 */
export async function runJob<T>(
  client: LanguageClient,
  log: vscode.LogOutputChannel,
  status: vscode.StatusBarItem,
  title: string,
  send: (token: vscode.CancellationToken, workDoneToken: string) => Promise<T>,
): Promise<T | undefined> {
  const workDoneToken = randomUUID();
  status.text = `$(sync~spin) Parity: ${title}`;
  status.tooltip = `${title} (cancel from the notification)`;
  status.show();
  const started = Date.now();
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Parity: ${title}`, cancellable: true }, async (progress, token) => {
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ increment: Math.max(0, percentage - reported), ...(value.message ? { message: value.message } : {}) });
        reported = Math.max(reported, percentage);
      });
      try {
        const result = await send(token, workDoneToken);
        log.info(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return result;
      } finally {
        listener.dispose();
      }
    });
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      log.info(`${title}: cancelled`);
      return undefined;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error(`${title}: ${message}`);
    void vscode.window.showErrorMessage(`Parity: ${message}`);
    return undefined;
  } finally {
    status.hide();
  }
}

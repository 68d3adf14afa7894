import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { JobProgress } from '../worker/jobs';

/** Below this, a background job finishes without showing progress (no flashing bar for quick checks). */
export const BACKGROUND_PROGRESS_DELAY_MS = 1000;

export interface BackgroundProgress {
  report(progress: JobProgress): void;
  done(): void;
}

/**
 * Progress for work the user did not ask for, such as the diagnostics of a large file: the server
 * asks the client for a progress bar only once the work has run for `delayMs`, then shows the
 * latest fraction. Not cancellable from the bar: saving or closing the file cancels it.
 */
export function backgroundProgress(connection: Connection, title: string, delayMs = BACKGROUND_PROGRESS_DELAY_MS): BackgroundProgress {
  let reporter: WorkDoneProgressServerReporter | undefined;
  let latest: JobProgress | undefined;
  let finished = false;
  const percentage = (progress: JobProgress | undefined) => (progress?.fraction === undefined ? undefined : Math.round(100 * progress.fraction));
  const timer = setTimeout(() => {
    void connection.window.createWorkDoneProgress().then(
      (created) => {
        if (finished) return created.done();
        reporter = created;
        reporter.begin(title, percentage(latest), latest?.message, false);
      },
      () => undefined, // a client that refuses progress still gets the diagnostics
    );
  }, delayMs);
  return {
    report(progress) {
      latest = progress;
      reporter?.report(percentage(progress) ?? 0, progress.message);
    },
    done() {
      finished = true;
      clearTimeout(timer);
      reporter?.done();
    },
  };
}

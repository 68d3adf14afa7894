import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { InputErrorData, InputFix } from '../../common/input-errors';
import type { ParityContext } from './context';

export interface JobOptions {
  /** The file the job reads: error messages name it relative to the workspace, fixes apply to it. */
  uri?: vscode.Uri;
  /**
   * Called when the job failed with an input problem the editor can fix (a score that needs a
   * threshold, an unknown positive value, a missing column): resolves to true when the user fixed
   * it and the job should run again. Without it, the error offers the fix as a button. `problem`
   * is what went wrong alone, without the advice (the question asked is the advice).
   */
  onFix?: (fix: InputFix, problem: string) => Promise<boolean>;
  /**
   * The request's parameters, for a run that writes a folder: when the folder holds an earlier
   * run's results, the user is asked to replace them, and `force` is set before the run repeats.
   */
  params?: Record<string, unknown>;
  /** A failure told in other words (a database's connection errors) with its own actions. */
  failure?: FailureHelp;
  /** What the job is and what its result becomes, for the cancel notices: "audit", "its report is open". */
  noun?: string;
  result?: string;
}

export interface FailureHelp {
  /** The failure in the editor's words, and the buttons that fix its cause (the likeliest first); `data` is what the server classified. */
  explain(message: string, data: InputErrorData | undefined): { message: string; actions: Record<string, () => unknown> };
}

/**
 * Runs a long server request with a cancellable progress notification fed by the server's
 * work-done progress, and a status-bar item while it runs. Resolves to undefined when the user
 * cancelled or the job failed; a failure is shown once, in the editor's words, with the action
 * that fixes it, and logged.
 */
export async function runJob<T>(
  context: ParityContext,
  title: string,
  send: (token: vscode.CancellationToken, workDoneToken: string) => Promise<T>,
  options: JobOptions = {},
): Promise<T | undefined> {
  for (;;) {
    const outcome = await attempt(context, title, send, options);
    if (outcome.done) return outcome.value;
    const { error } = outcome;
    const data = error instanceof ResponseError ? (error.data as InputErrorData | undefined) : undefined;
    const message = readable(error instanceof Error ? error.message : String(error), data);
    // a question the editor asks to go on (a threshold, a positive value, replacing earlier results) is no error
    const asked = data?.fix !== undefined && (data.fix.kind === 'output' ? options.params !== undefined : options.onFix !== undefined);
    if (asked) context.log.info(`${title}: asking: ${message}`);
    else context.log.error(`${title}: ${message}`);
    if (data?.fix?.kind === 'output' && options.params) {
      if (!(await replaceEarlierResults(data.fix.folder))) return undefined;
      options.params.force = true;
      continue;
    }
    if (data?.fix && options.onFix) {
      if (await options.onFix(data.fix, data.detail ?? message)) continue;
      return undefined;
    }
    const help = options.failure?.explain(message, data);
    void showFailure(context, help?.message ?? message, data?.fix, options.uri, help?.actions);
    return undefined;
  }
}

type Outcome<T> = { done: true; value: T | undefined } | { done: false; error: unknown };

async function attempt<T>(
  context: ParityContext,
  title: string,
  send: (token: vscode.CancellationToken, workDoneToken: string) => Promise<T>,
  options: JobOptions,
): Promise<Outcome<T>> {
  const workDoneToken = randomUUID();
  const { status, log, client } = context;
  status.text = `$(sync~spin) Parity: ${title}`;
  status.tooltip = `${title}: click to cancel`;
  status.command = CANCEL_COMMAND;
  status.show();
  const started = Date.now();
  // Cancelled from the progress notification or with Parity: Cancel Running Job (the status item).
  const source = new vscode.CancellationTokenSource();
  const noun = options.noun ?? 'job';
  let settle: (notice: string | undefined) => void = () => undefined;
  const job: RunningJob = { source, settled: new Promise((resolve) => (settle = resolve)) };
  running.add(job);
  let notice: string | undefined;
  try {
    const value = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Parity: ${title}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (report) => {
          if (report.kind === 'end') return;
          const percentage = report.percentage ?? reported;
          progress.report({ increment: Math.max(0, percentage - reported), ...(report.message ? { message: report.message } : {}) });
          reported = Math.max(reported, percentage);
        });
        const linked = token.onCancellationRequested(() => source.cancel());
        try {
          return await send(source.token, workDoneToken);
        } finally {
          linked.dispose();
          listener.dispose();
        }
      },
    );
    log.info(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const done = { noun, result: options.result, at: Date.now() };
    if (options.noun) finished = done;
    // the cancel reached the server after the job had finished: its result stands, and the user is told
    if (source.token.isCancellationRequested) notice = alreadyFinished(done);
    return { done: true, value };
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      log.info(`${title}: cancelled`);
      notice = `Parity: ${noun.charAt(0).toUpperCase()}${noun.slice(1)} cancelled.`;
      finished = undefined;
      return { done: true, value: undefined };
    }
    return { done: false, error };
  } finally {
    status.hide();
    running.delete(job);
    source.dispose();
    if (notice) void vscode.window.showInformationMessage(notice);
    settle(notice);
  }
}

export const CANCEL_COMMAND = 'parity.cancelJob';

interface RunningJob {
  source: vscode.CancellationTokenSource;
  /** Resolves, once the job has stopped, to the notice it showed (undefined: none). */
  settled: Promise<string | undefined>;
}

const running = new Set<RunningJob>();
/** The last job that finished with a result: a cancel soon after it is told that it came too late. */
let finished: { noun: string; result: string | undefined; at: number } | undefined;
/** How long after a job finished a cancel is still taken as meant for it. */
const LATE_CANCEL_MS = 60_000;

function alreadyFinished(job: { noun: string; result: string | undefined }): string {
  return `Parity: the ${job.noun} had already finished${job.result ? `; ${job.result}` : ''}.`;
}

/**
 * Parity: Cancel Running Job (also the status item's click): cancels the running jobs and resolves,
 * once they have stopped, to what the user was told: "Parity: Mitigation cancelled.", or that the
 * job had already finished, or that nothing runs.
 */
export async function cancelRunningJobs(): Promise<string> {
  const jobs = [...running];
  if (jobs.length === 0) {
    const late = finished && Date.now() - finished.at < LATE_CANCEL_MS ? alreadyFinished(finished) : undefined;
    const message = late ?? 'Parity: no job is running.';
    void vscode.window.showInformationMessage(message);
    return message;
  }
  for (const job of jobs) job.source.cancel();
  const notices = await Promise.all(jobs.map((job) => job.settled));
  return notices.filter((notice) => notice !== undefined).join(' ');
}

/** The message with the input file's path made relative to the workspace. */
function readable(message: string, data: InputErrorData | undefined): string {
  const file = data?.location?.file;
  return file ? message.split(file).join(vscode.workspace.asRelativePath(file)) : message;
}

/** Shows a failure with the button that fixes it (and the log, for the rest). */
export async function showFailure(
  context: ParityContext,
  message: string,
  fix: InputFix | undefined,
  uri: vscode.Uri | undefined,
  actions: Record<string, () => unknown> = {},
): Promise<void> {
  const action = fix && fix.kind !== 'output' && uri ? FIX_TITLES[fix.kind] : undefined;
  const chosen = await vscode.window.showErrorMessage(`Parity: ${message}`, ...(action ? [action] : []), ...Object.keys(actions), 'Show Log');
  if (chosen === 'Show Log') context.log.show(true);
  else if (chosen && actions[chosen]) await actions[chosen]();
  else if (chosen && fix && uri) await vscode.commands.executeCommand('parity.fixInput', { uri: uri.toString(), fix });
}

/** The buttons of the fixes made in the file's settings (an output folder is the run's own question). */
export const FIX_TITLES: Record<Exclude<InputFix['kind'], 'output'>, string> = {
  threshold: 'Set Threshold…',
  positive: 'Choose Positive Value…',
  columns: 'Configure Columns…',
};

/** Asks before a run replaces the folder of an earlier one: its files are deleted as the new run lands. */
async function replaceEarlierResults(folder: string): Promise<boolean> {
  const replace = 'Replace';
  const answer = await vscode.window.showWarningMessage(
    `Parity: ${vscode.workspace.asRelativePath(folder)} holds the results of an earlier run.`,
    {
      modal: true,
      detail: "Replace deletes its files and writes this run's in their place. To keep both, cancel and choose another output folder (More settings…).",
    },
    replace,
  );
  return answer === replace;
}

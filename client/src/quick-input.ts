import * as vscode from 'vscode';

/**
 * Multi-step quick inputs in the style of VS Code's own: each step shows "Title (2/5)", starts on
 * the current answer (so Enter keeps it), and has a Back button. A question answers with a value,
 * BACK (the user went back) or undefined (the user escaped: the whole flow stops). Every step stays
 * open when the user clicks elsewhere (a column to look up in the file): only Escape ends a flow.
 */
export const BACK = Symbol('back');
export type Answer<T> = T | typeof BACK | undefined;

/** A step that asks nothing in the current state (e.g. a threshold when there is no score). */
export class Skipped<T> {
  constructor(readonly answer: T) {}
}

export interface Step {
  title: string;
  /** 1-based position and count, shown as "(2/5)"; omitted for a single question. */
  step?: number;
  steps?: number;
}

export interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

function titled(step: Step): string {
  return step.step !== undefined && step.steps !== undefined ? `${step.title} (${step.step}/${step.steps})` : step.title;
}

/**
 * One choice; `active` is highlighted first so Enter accepts it (`noneActive`: none is, when
 * no answer can be guessed). `typed` turns the text typed in
 * the filter into a choice of its own, shown first and highlighted (">=10" as a cut of a label).
 */
export function pickOne<T>(
  step: Step,
  items: readonly Choice<T>[],
  options: { placeholder?: string; active?: T; noneActive?: boolean; typed?: (text: string) => Choice<T> | undefined } = {},
): Promise<Answer<T>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Choice<T>>();
    pick.title = titled(step);
    pick.placeholder = options.placeholder ?? '';
    pick.ignoreFocusOut = true;
    pick.items = items;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    // Without a wanted value, VS Code highlights the first choice; never a separator (Enter would do nothing).
    const active = 'active' in options ? items.find((item) => item.kind !== vscode.QuickPickItemKind.Separator && item.value === options.active) : undefined;
    if (active) pick.activeItems = [active];
    // no choice highlighted: Enter accepts nothing (the step stays open) until one is picked
    if (options.noneActive) pick.activeItems = [];
    const { typed } = options;
    if (typed)
      pick.onDidChangeValue((text) => {
        const own = typed(text);
        pick.items = own ? [{ ...own, alwaysShow: true }, ...items] : items;
        if (own) pick.activeItems = [pick.items[0]!];
      });
    if ((step.step ?? 1) > 1) pick.buttons = [vscode.QuickInputButtons.Back];
    settle(pick, resolve, () => pick.selectedItems[0]?.value);
  });
}

/**
 * Said in every many-choice title: Enter on a filtered row accepts the boxes as they are, without
 * ticking that row (VS Code's behaviour), so a user who typed a name knows to tick it first.
 */
export const MANY_CHOICE_KEYS = 'Space ticks, Enter accepts';

/**
 * Several choices; `picked` items start ticked. `placeholderFor` says the placeholder again as the
 * ticks change (what is ticked, or a reason that depends on it). The rows stay: new rows would reset
 * the ticks and the highlighted row under a user ticking with the keyboard.
 */
export function pickMany<T>(
  step: Step,
  items: readonly Choice<T>[],
  options: { placeholder?: string; picked?: readonly T[]; placeholderFor?: (ticked: readonly T[]) => string; matchOnDescription?: boolean } = {},
): Promise<Answer<T[]>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Choice<T>>();
    pick.title = titled({ ...step, title: `${step.title} · ${MANY_CHOICE_KEYS}` });
    pick.placeholder = options.placeholder ?? '';
    pick.ignoreFocusOut = true;
    pick.canSelectMany = true;
    // a row found by the name beside its label too (a method's id); not columns', whose descriptions ("numeric, 2 values") would match anything typed
    pick.matchOnDescription = options.matchOnDescription ?? false;
    pick.items = items;
    let ticked: readonly T[] = items.filter((item) => options.picked?.includes(item.value)).map((item) => item.value);
    pick.selectedItems = items.filter((item) => ticked.includes(item.value));
    // A clicked box keeps the keyboard focus, and Enter on it would tick it again instead of
    // accepting: after a click the quick input takes the focus back (in VS Code 1.139 its list,
    // where Enter accepts). Not for the echo of the boxes ticked above when the pick shows: the
    // focus must stay in the filter box, where typing filters.
    pick.onDidChangeSelection((selection) => {
      const values = selection.map((item) => item.value);
      if (sameItems(values, ticked)) return;
      ticked = values;
      void vscode.commands.executeCommand('workbench.action.focusQuickOpen');
      if (options.placeholderFor) pick.placeholder = options.placeholderFor(values);
    });
    if ((step.step ?? 1) > 1) pick.buttons = [vscode.QuickInputButtons.Back];
    settle(pick, resolve, () => pick.selectedItems.map((item) => item.value));
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** Free text, validated as it is typed; `value` is prefilled (Enter keeps it). */
export function inputText(
  step: Step,
  options: { value?: string; prompt?: string; placeholder?: string; validate?: (text: string) => string | undefined },
): Promise<Answer<string>> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = titled(step);
    input.value = options.value ?? '';
    input.prompt = options.prompt ?? '';
    input.placeholder = options.placeholder ?? '';
    input.ignoreFocusOut = true;
    if ((step.step ?? 1) > 1) input.buttons = [vscode.QuickInputButtons.Back];
    const check = () => (input.validationMessage = options.validate?.(input.value));
    input.onDidChangeValue(check);
    check();
    settle(input, resolve, () => (options.validate?.(input.value) ? NOT_YET : input.value));
  });
}

const NOT_YET = Symbol('not yet');

/** Wires accept / back / hide to one resolution; `accepted` returns NOT_YET to keep the input open. */
function settle<T>(
  input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  resolve: (answer: Answer<T>) => void,
  accepted: () => T | typeof NOT_YET | undefined,
): void {
  let done = false;
  const finish = (answer: Answer<T>) => {
    if (done) return;
    done = true;
    resolve(answer);
    input.dispose();
  };
  input.onDidAccept(() => {
    const value = accepted();
    if (value !== NOT_YET && value !== undefined) finish(value);
  });
  input.onDidTriggerButton((button) => {
    if (button === vscode.QuickInputButtons.Back) finish(BACK);
  });
  input.onDidHide(() => finish(undefined));
  input.show();
}

/**
 * Runs questions in order; BACK returns to the previous question (its answer kept as the
 * default), escape stops. Each question reads and writes the shared `answers`.
 */
export async function runSteps<A>(
  answers: A,
  questions: readonly ((answers: A, step: number, steps: number) => Promise<Answer<Partial<A> | Skipped<Partial<A>>>>)[],
): Promise<A | undefined> {
  let index = 0;
  let back = false;
  while (index < questions.length) {
    const answer = await questions[index]!(answers, index + 1, questions.length);
    if (answer === undefined) return undefined;
    if (answer === BACK || (answer instanceof Skipped && back && index > 0)) {
      // Back over a step that asks nothing goes on to the one before it.
      back = true;
      index = Math.max(0, index - 1);
      continue;
    }
    Object.assign(answers as object, answer instanceof Skipped ? answer.answer : answer);
    back = false;
    index++;
  }
  return answers;
}

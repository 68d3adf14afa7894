import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultOutputFolderName } from '../../common/output-folders';
import { titleOf, type ParametersSchema } from '../../common/params';
import { advancedKeys, askedKeys, askParameter, CANCEL, CHOOSE_METHOD, Params, QuestionContext, shownParameter } from './parameter-questions';
import { reviewDetail } from './quick-pick-texts';
import { Answer, BACK, pickOne } from './quick-input';

/** What a review runs: its title ("Threshold optimizer") and the parameters the command was given (the file). */
export interface Reviewed {
  title: string;
  schema: ParametersSchema;
  given: readonly string[];
  /** The run's name in the folder it writes when no output folder is set: "threshold" writes compas.parity-threshold. */
  run: string;
  /** The settings the guided run asked, when not the schema's usual ones (a run fitting its own base model); the others it leaves out are not shown. */
  asked?: readonly string[];
  /** Whether a setting is shown with the answers so far (the run's yes/no-label settings only for a yes/no label); all when absent. */
  shows?: (key: string) => boolean;
}

/**
 * Every setting in one list before a run: Run at the top, then each parameter with its value;
 * picking one asks it again. "More settings…" adds the advanced ones (output folder, CSV reading,
 * training sizes). Resolves to the parameters to run with, or undefined when the user escaped.
 */
export async function review(what: Reviewed, params: Params, questions: QuestionContext): Promise<Params | typeof CHOOSE_METHOD | undefined> {
  const { schema, given } = what;
  const file = path.basename(questions.uri.fsPath);
  // said before the run, not discovered after it: where its files go (a file outside the workspace, as
  // the bundled example's copy in Parity's storage, by its folder: cold try 9 looked for them beside the workspace's)
  const outside = vscode.workspace.getWorkspaceFolder(questions.uri) === undefined;
  const defaultFolder = `${defaultOutputFolderName(file, what.run)} beside ${file}${outside ? ` in ${homeRelative(path.dirname(questions.uri.fsPath))}` : ''}`;
  const folder = () => (typeof params.out === 'string' ? vscode.workspace.asRelativePath(params.out) : defaultFolder);
  const asked = what.asked ?? askedKeys(schema, given);
  const more = advancedKeys(schema, given, questions.uri).filter((key) => !asked.includes(key) && (what.asked === undefined || !leftOut(schema, key)));
  let advanced = false;
  let last: string | undefined = 'run';
  for (;;) {
    const keys = [...asked, ...(advanced ? more : [])].filter((key) => what.shows?.(key) ?? true);
    const extra = more.length > 0 && !advanced;
    const items = [
      { label: '$(play) Run', description: `${what.title} on ${file}`, detail: `Writes to the folder ${folder()}`, value: 'run' },
      ...keys.map((key) => ({
        label: titleOf(key, schema.properties[key]),
        description: key === 'out' && params.out === undefined ? `${defaultFolder} (default)` : shownParameter(key, schema, params, questions),
        detail: reviewDetail(schema.properties[key]!.description),
        value: key,
      })),
      ...(extra ? [{ label: '$(settings) More settings…', description: moreSettings(schema, more), value: 'advanced' }] : []),
    ];
    const picked: Answer<string> = await pickOne({ title: `Parity: ${what.title}: review` }, items, {
      // Enter accepts the highlighted row: it runs only while Run is the one highlighted
      placeholder: last === 'run' ? 'Enter runs it; pick a setting to change it' : 'Run is at the top; pick a setting to change it',
      active: last,
    });
    if (picked === undefined || picked === BACK) return undefined;
    if (picked === 'run') return params;
    if (picked === 'advanced') {
      // the list reopens on the first of the settings just added, scrolled into view
      advanced = true;
      last = more[0];
      continue;
    }
    const answer = await askParameter(picked, schema, params, questions, { title: `Parity: ${what.title}` });
    if (answer === CHOOSE_METHOD) return CHOOSE_METHOD;
    // back on Run after a setting, changed or not: cold try 14 escaped a question and pressed
    // Enter for Run, which opened the setting highlighted instead
    if (answer !== CANCEL && answer !== BACK) {
      if (answer === undefined) delete params[picked];
      else params[picked] = answer;
    }
    last = 'run';
  }
}

/** What "More settings…" holds, in a few words: the features when the method fits a model, CSV reading only when the file is a CSV file. */
function moreSettings(schema: ParametersSchema, keys: readonly string[]): string {
  const csv = keys.some((key) => schema.properties[key]!.group === 'csv');
  return `${keys.includes('features') ? 'features and the columns not learned from, ' : ''}output folder, seed, training sizes${csv ? ', CSV reading' : ''}`;
}

/** A setting a run fitting its own base model does without: a model output to map, or one marked to skip. */
function leftOut(schema: ParametersSchema, key: string): boolean {
  const property = schema.properties[key]!;
  return property.alternative !== undefined || property.baseModel === 'skip';
}

/** A folder outside the workspace, shortened to ~ under the home folder. */
function homeRelative(folder: string): string {
  const home = os.homedir();
  return folder === home || folder.startsWith(home + path.sep) ? `~${folder.slice(home.length)}` : folder;
}

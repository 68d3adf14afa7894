import * as vscode from 'vscode';
import { stepsByCommand, stepsCompleted, type WalkthroughContribution } from './walkthrough-steps';

/**
 * Ticks the walkthrough steps a command completes, as the steps' own `onCommand:` completion
 * events say, and a file command's step when it runs on the example (`isExample` of its target).
 * VS Code starts its walkthrough service only when a walkthrough is first shown and drops the
 * commands run before that (a user who opens the example from the palette, then the walkthrough,
 * saw the step unticked), so the extension ticks them itself.
 */
export function walkthroughTicker(extension: vscode.Extension<unknown>, isExample: (target: unknown) => boolean): (command: string, target: unknown) => void {
  const walkthroughs = ((extension.packageJSON as { contributes?: { walkthroughs?: WalkthroughContribution[] } }).contributes?.walkthroughs ??
    []) as WalkthroughContribution[];
  const steps = stepsByCommand(extension.id, walkthroughs);
  const ticked = new Set<string>();
  return (command, target) => {
    for (const step of stepsCompleted(steps, command, isExample(target))) {
      if (ticked.has(step)) continue;
      ticked.add(step);
      // VS Code's own command (the walkthrough's "Mark Step Complete"); an editor without it keeps its own ticking.
      void vscode.commands.executeCommand('welcome.markStepComplete', step).then(undefined, () => undefined);
    }
  };
}

import * as vscode from 'vscode';

interface WalkthroughContribution {
  id: string;
  steps: { id: string; completionEvents?: string[] }[];
}

/**
 * Ticks the walkthrough steps a command completes, as the steps' own `onCommand:` completion
 * events say. VS Code starts its walkthrough service only when a walkthrough is first shown and
 * drops the commands run before that (a user who opens the example from the palette, then the
 * walkthrough, saw the step unticked), so the extension ticks them itself.
 */
export function walkthroughTicker(extension: vscode.Extension<unknown>): (command: string) => void {
  const stepsOf = new Map<string, string[]>();
  const walkthroughs = ((extension.packageJSON as { contributes?: { walkthroughs?: WalkthroughContribution[] } }).contributes?.walkthroughs ??
    []) as WalkthroughContribution[];
  for (const walkthrough of walkthroughs) {
    for (const step of walkthrough.steps) {
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) stepsOf.set(command, [...(stepsOf.get(command) ?? []), `${extension.id}#${walkthrough.id}#${step.id}`]);
      }
    }
  }
  const ticked = new Set<string>();
  return (command) => {
    for (const step of stepsOf.get(command) ?? []) {
      if (ticked.has(step)) continue;
      ticked.add(step);
      // VS Code's own command (the walkthrough's "Mark Step Complete"); an editor without it keeps its own ticking.
      void vscode.commands.executeCommand('welcome.markStepComplete', step).then(undefined, () => undefined);
    }
  };
}

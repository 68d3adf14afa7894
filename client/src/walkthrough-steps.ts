/** A walkthrough as package.json contributes it. */
export interface WalkthroughContribution {
  id: string;
  steps: { id: string; completionEvents?: string[] }[];
}

/**
 * The file commands the walkthrough's example buttons run: one run on the example ticks the
 * example button's step (the title bar's and the notification's Audit Fairness), and one on any
 * other file ticks nothing, since the tour is about the example (cold try 10 saw steps ticked by
 * runs on its own files).
 */
export const EXAMPLE_COMMANDS: Readonly<Record<string, string>> = {
  'parity.auditFile': 'parity.auditExample',
  'parity.runMitigation': 'parity.mitigateExample',
  'parity.compareMethods': 'parity.compareExample',
};

/** The full ids of the steps each `onCommand:` completion event names ("publisher.name#walkthrough#step"). */
export function stepsByCommand(extensionId: string, walkthroughs: readonly WalkthroughContribution[]): Map<string, string[]> {
  const steps = new Map<string, string[]>();
  for (const walkthrough of walkthroughs) {
    for (const step of walkthrough.steps) {
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) steps.set(command, [...(steps.get(command) ?? []), `${extensionId}#${walkthrough.id}#${step.id}`]);
      }
    }
  }
  return steps;
}

/** The steps a command completes: its own, or for a file command on the example (`onExample`) its example button's. */
export function stepsCompleted(steps: ReadonlyMap<string, string[]>, command: string, onExample: boolean): string[] {
  const example = EXAMPLE_COMMANDS[command];
  return [...(steps.get(command) ?? []), ...(example && onExample ? (steps.get(example) ?? []) : [])];
}

/**
 * The sensitive attributes Compare Methods starts on: those last answered in Run Mitigation on the
 * same file (the user just chose them there), else the first of the configured or inferred ones
 * (one attribute: crossing several leaves groups without a row of a label). Compare's own saved
 * answers, when it has any, are spread over this.
 */
export function startingGroups(lastMitigation: Record<string, unknown> | undefined, configuredOrInferred: string[]): string[] {
  const answered = lastMitigation?.['sensitive'];
  if (Array.isArray(answered) && answered.length > 0 && answered.every((column) => typeof column === 'string')) return [...(answered as string[])];
  return configuredOrInferred.slice(0, 1);
}

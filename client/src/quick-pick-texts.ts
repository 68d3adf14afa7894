/**
 * What VS Code's quick pick shows uncut in a window about 1280 px wide: the placeholder is one line
 * (about 90 characters), an item's description shares its line with the label. A longer text is cut
 * with "…" (a user read "left unticked: crossed wit…"), so the rest goes to an item's `detail`, the
 * second line.
 */
export const PLACEHOLDER_MAX = 80;
/** A multiple choice's box is narrower by its count badge and OK button ("1 Selected" cut the sensitive question's at about 60 characters at 1280 px). */
export const MANY_PLACEHOLDER_MAX = PLACEHOLDER_MAX - 20;
export const DESCRIPTION_MAX = 45;

/**
 * A yes/no question's placeholder and the Yes row's detail, from the parameter's description: whole
 * in both when it fits the placeholder; else its last clause in the placeholder ("each setting is a
 * point of the report's accuracy-fairness plot") and what Yes does in the detail ("also fit with the
 * weights raised to 0, 0.25, ..., 1").
 */
export function yesNoTexts(description: string | undefined): { placeholder: string; detail?: string } {
  if (!description) return { placeholder: '' };
  if (description.length <= PLACEHOLDER_MAX) return { placeholder: description, detail: description };
  const colon = description.lastIndexOf(': ');
  const last = colon > 0 ? description.slice(colon + 2) : '';
  if (last !== '' && last.length <= PLACEHOLDER_MAX) return { placeholder: last, detail: description.slice(0, colon) };
  // no short clause: its start in the placeholder, the whole under Yes
  return { placeholder: `${description.slice(0, description.lastIndexOf(' ', PLACEHOLDER_MAX - 1))}…`, detail: description };
}

/** The held-out question's texts (the file items' descriptions aside: their folders). */
export const HELD_OUT_TEXTS = {
  placeholder: 'the rows the before/after figures are measured on',
  share: 'drawn at random, never fitted on',
  none: { description: 'the training rows themselves', detail: 'in-sample figures, so optimistic' },
  sameName: { description: 'same name as the training file', detail: 'the same rows would be in-sample' },
  browse: 'a data file outside the workspace',
} as const;

/** A review row's second line at about 1280 px: cold try 12 read "score / probability column to post-process (without it: the scores of a logistic regressi…". */
export const DETAIL_MAX = 95;

/**
 * A review row's second line: the parameter's description whole when it fits, else its main
 * clause, before the first parenthesis or semicolon ("held-out file: before/after figures are
 * computed on it"); the question itself shows the whole. A description with no short clause is
 * cut at a word, with "…".
 */
export function reviewDetail(description: string | undefined): string | undefined {
  if (description === undefined || description.length <= DETAIL_MAX) return description;
  // not at a comma: "also fit ε = 0.005, 0.01, …" would keep its first number alone
  const clause = description.split(/ \(|; /)[0]!;
  if (clause.length <= DETAIL_MAX) return clause;
  return `${description.slice(0, description.lastIndexOf(' ', DETAIL_MAX - 1))}…`;
}

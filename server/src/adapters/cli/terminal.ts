import { BIDI_CONTROLS, sanitize } from '../../../../common/render/text';

/**
 * Everything the CLI prints passes through here, so no text from a data file (a column name, a
 * group, a path) reaches the terminal as a control sequence or reorders what is shown:
 * control characters become \xNN escapes, bidirectional controls their names (text.ts).
 */

/** Text of several lines (tables, summaries, help): line breaks and tabs kept, other controls escaped. */
export function printOut(text: string): void {
  process.stdout.write(
    text
      .split('\n')
      .map((line) => line.split('\t').map(sanitize).join('\t'))
      .join('\n'),
  );
}

/** C1 controls and bidirectional controls, which JSON.stringify leaves as they are. */
const UNESCAPED_IN_JSON = new RegExp(`[\\u007f-\\u009f]|${BIDI_CONTROLS.source}`, 'g');

/** JSON, with those written as \u escapes too: the same JSON value, safe on a terminal. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2).replace(UNESCAPED_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n');
}

/** Lines on standard error; each stays one line (a line break inside one is escaped). */
export function printError(...lines: string[]): void {
  process.stderr.write(lines.map((line) => `${sanitize(line)}\n`).join(''));
}

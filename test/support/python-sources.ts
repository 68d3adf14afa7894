// Generated Python sources for the scale tests and the pipeline benchmark (issue 21, item 5).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The lines every generated file starts with: a load of the fixture dataset and a variable-held feature list. */
const PREAMBLE = ['import pandas as pd', 'df = pd.read_csv("data/people.csv")', 'features = ["age", "sex"]', 'X = df[features]'].join('\n') + '\n';

/**
 * A file whose last statement is one expression of `terms` terms, `total = x0 + x1 + ...`
 * (tree-sitter nests it `terms` levels deep); 20,000 terms make about 160 KB.
 */
export function expressionSource(terms: number): string {
  const sum = Array.from({ length: terms }, (_, i) => `x${i}`).join(' + ');
  return `${PREAMBLE}total = ${sum}\n`;
}

/**
 * Ordinary pipeline code: the preamble, then `copies` copies of test/fixtures/pipeline/train.py,
 * each copy's variables suffixed with the copy's number.
 */
export function ordinarySource(fixtures: string, copies: number): string {
  const block = readFileSync(path.join(fixtures, 'train.py'), 'utf8');
  return PREAMBLE + Array.from({ length: copies }, (_, copy) => ordinaryCopy(block, copy)).join('');
}

/** The fewest copies that make ordinary code of at least `bytes` bytes. */
export function copiesFor(fixtures: string, bytes: number): number {
  const block = readFileSync(path.join(fixtures, 'train.py'), 'utf8');
  let size = PREAMBLE.length;
  let copies = 0;
  while (size < bytes) size += ordinaryCopy(block, copies++).length;
  return copies;
}

function ordinaryCopy(block: string, copy: number): string {
  return block.replace(/\b(df|X|X_small|features|categorical|preprocess|X_rest|model|groups|frame|by_both|extra)\b/g, `$1_${copy}`);
}

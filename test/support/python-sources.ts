// Generated Python sources for the scale tests and the pipeline benchmark (issue 21, item 5).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The lines every generated file starts with: a load of the fixture dataset and a variable-held feature list. */
const PREAMBLE = ['import pandas as pd', 'df = pd.read_csv("data/people.csv")', 'features = ["age", "sex"]', 'X = df[features]'];

/**
 * A file whose last statement is one expression of `terms` terms, `total = x0 + x1 + ...`
 * (tree-sitter nests it `terms` levels deep); 20,000 terms make about 160 KB.
 */
export function expressionSource(terms: number): string {
  const sum = Array.from({ length: terms }, (_, i) => `x${i}`).join(' + ');
  return `${PREAMBLE.join('\n')}\ntotal = ${sum}\n`;
}

/**
 * Ordinary pipeline code of at least `bytes` bytes: test/fixtures/pipeline/train.py repeated,
 * each copy's variables suffixed with the copy's number, after the preamble.
 */
export function ordinarySource(fixtures: string, bytes: number): string {
  const block = readFileSync(path.join(fixtures, 'train.py'), 'utf8');
  const variables = /\b(df|X|X_small|features|categorical|preprocess|X_rest|model|groups|frame|by_both|extra)\b/g;
  const parts = [`${PREAMBLE.join('\n')}\n`];
  let size = parts[0]!.length;
  for (let copy = 0; size < bytes; copy++) {
    const part = block.replace(variables, `$1_${copy}`);
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

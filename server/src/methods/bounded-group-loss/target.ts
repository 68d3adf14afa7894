import { parseDecimal } from '../../../../common/decimal';
import { InputError } from '../../engine/errors';
import { columnIndex, type Table } from '../../engine/table/table';

const CLASSIFICATION_METHODS = 'exponentiated-gradient, grid-search or another classification method';

/**
 * Bounded group loss fits a numeric target: a label with text values, or with two values (a yes/no
 * outcome, even spelled 0/1), is refused with the methods that make a yes/no label fair.
 */
export function requireNumericTarget(table: Table, label: string): void {
  const column = table.data[columnIndex(table, label)]!;
  const values = new Set<string>();
  for (let row = 0; row < table.rowCount; row++) {
    const text = column.text(row);
    if (text === null) continue;
    if (Number.isNaN(parseDecimal(text)))
      throw new InputError(
        `the label "${label}" has the text value "${text}": bounded-group-loss fits a numeric target; for a yes/no label choose ${CLASSIFICATION_METHODS}`,
        { file: table.file, line: table.lines.at(row), column: label },
        { fix: { kind: 'columns', role: 'label' }, cli: 'pass a numeric --label' },
      );
    if (values.size <= 2) values.add(text);
  }
  if (values.size <= 2)
    throw new InputError(
      `the label "${label}" has ${values.size} value${values.size === 1 ? '' : 's'} (${[...values].map((v) => `"${v}"`).join(', ')}): bounded-group-loss fits a numeric target; for a yes/no label choose ${CLASSIFICATION_METHODS}`,
      { file: table.file, column: label },
      { fix: { kind: 'columns', role: 'label' }, cli: 'pass a numeric --label' },
    );
}

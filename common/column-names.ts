/**
 * A CSV header's column names as every part of Parity reads them: trimmed; an empty one (the index
 * pandas' `to_csv` writes has none) called `column_N`; a repeated one given a pandas-style suffix
 * (`name.1`). `renamed` hears of each name given. The reader and the editor's header peek agree, so
 * a question names law_data.csv's unnamed first column as the run will (cold try 15 saw "race, sex,
 * , LSAT", then column_1).
 */
export function columnNames(raw: readonly string[], renamed?: (message: string, column: string) => void): string[] {
  const seen = new Set<string>();
  return raw.map((field, index) => {
    let name = field.trim();
    if (name === '') {
      name = unnamedColumnName(index);
      renamed?.(`column ${index + 1} has no name in the header; it is called "${name}"`, name);
    }
    if (seen.has(name)) {
      let suffix = 1;
      while (seen.has(`${name}.${suffix}`)) suffix++;
      renamed?.(`column name "${name}" is repeated; column ${index + 1} is called "${name}.${suffix}"`, `${name}.${suffix}`);
      name = `${name}.${suffix}`;
    }
    seen.add(name);
    return name;
  });
}

/** The name a column without one in its CSV header is given. */
export function unnamedColumnName(index: number): string {
  return `column_${index + 1}`;
}

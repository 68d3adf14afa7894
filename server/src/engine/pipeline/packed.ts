import type { FeatureUse, KeptUse, PipelineExtraction, SourceRange } from './findings';

/**
 * An extraction as flat integer arrays and a table of column names, so a large one crosses from
 * a worker thread to the language server's main thread as a few buffers (no object per use to
 * rebuild there), and the matching touches integers only until a use is a finding.
 */
export interface PackedExtraction {
  /** The datasets the code loads that exist (resolved paths, once each, in order of first load). */
  datasets: string[];
  names: string[];
  /** FEATURE_FIELDS integers per feature use, in source order (see packExtraction). */
  features: Int32Array;
  /** KEPT_FIELDS integers per kept use, in source order. */
  kept: Int32Array;
  /** The dropped columns of the kept uses (name indices), each use's run given by its fields. */
  dropped: Int32Array;
  /** For each dataset index, its header (name indices) when a kept use needs it. */
  headers: (number[] | null)[];
}

export const FEATURE_FIELDS = 20;
export const KEPT_FIELDS = 23;
export const VIAS: readonly FeatureUse['via'][] = ['subscript', 'named-list', 'column-transformer'];
export const KEPT_VIAS: readonly KeptUse['via'][] = ['kept-by-drop', 'kept-by-filter'];
export const INSERT_AFTER_ELEMENT = 1;
export const INSERT_SINGLE_QUOTE = 2;
/** Fields of a missing range, cell or name. */
export const NONE = -1;

/**
 * Feature use: name, via, range (start line, start character, end line, end character), removal
 * (4, or NONE), cell index (or NONE), cell range (4, or NONE), cell removal (4, or NONE), named input
 * (name index, or NONE when fitted).
 * Kept use: dataset, range (4), cell index, cell range (4), first dropped, dropped count,
 * insertion (4, or NONE), insertion style (INSERT_AFTER_ELEMENT | INSERT_SINGLE_QUOTE), cell insertion (4, or NONE),
 * via (index in KEPT_VIAS), named input (name index, or NONE when fitted).
 */
export function packExtraction(extraction: PipelineExtraction): PackedExtraction {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const name = (column: string) => {
    let index = nameIndex.get(column);
    if (index === undefined) {
      index = names.length;
      names.push(column);
      nameIndex.set(column, index);
    }
    return index;
  };
  const datasets = [...new Set([...extraction.loads.flatMap((load) => (load.resolved ? [load.resolved] : [])), ...extraction.kept.map((use) => use.dataset)])];
  const datasetIndex = new Map(datasets.map((dataset, i) => [dataset, i]));
  const features = new Int32Array(extraction.features.length * FEATURE_FIELDS);
  extraction.features.forEach((use, i) => {
    features.set(
      [
        name(use.column),
        VIAS.indexOf(use.via),
        ...fields(use.range),
        ...fields(use.removal),
        use.cell?.index ?? NONE,
        ...fields(use.cell?.range),
        ...fields(use.cell?.removal),
        use.namedInput === null ? NONE : name(use.namedInput),
      ],
      i * FEATURE_FIELDS,
    );
  });
  const kept = new Int32Array(extraction.kept.length * KEPT_FIELDS);
  const dropped: number[] = [];
  extraction.kept.forEach((use, i) => {
    const style = (use.insertion?.afterElement ? INSERT_AFTER_ELEMENT : 0) | (use.insertion?.quote === "'" ? INSERT_SINGLE_QUOTE : 0);
    kept.set(
      [
        datasetIndex.get(use.dataset)!,
        ...fields(use.range),
        use.cell?.index ?? NONE,
        ...fields(use.cell?.range),
        dropped.length,
        use.dropped.length,
        ...fields(use.insertion?.at),
        style,
        ...fields(use.cell?.insertion),
        KEPT_VIAS.indexOf(use.via),
        use.namedInput === null ? NONE : name(use.namedInput),
      ],
      i * KEPT_FIELDS,
    );
    for (const column of use.dropped) dropped.push(name(column));
  });
  const headers = datasets.map((dataset) => extraction.datasets[dataset]?.map(name) ?? null);
  return { datasets, names, features, kept, dropped: Int32Array.from(dropped), headers };
}

function fields(range: SourceRange | null | undefined): number[] {
  return range ? [range.start.line, range.start.character, range.end.line, range.end.character] : [NONE, NONE, NONE, NONE];
}

/** The range stored at `at`, or null. */
export function rangeAt(values: Int32Array, at: number): SourceRange | null {
  if (values[at] === NONE) return null;
  return { start: { line: values[at]!, character: values[at + 1]! }, end: { line: values[at + 2]!, character: values[at + 3]! } };
}

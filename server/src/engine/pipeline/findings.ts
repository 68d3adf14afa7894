/** 0-based line and UTF-16 character, as in the Language Server Protocol. */
export interface Position {
  line: number;
  character: number;
}

/** 0-based lines and UTF-16 characters, as in the Language Server Protocol. */
export interface SourceRange {
  start: Position;
  end: Position;
}

/** A sensitive column, or a known proxy of one, that the code passes to a model as a feature. */
export interface PipelineFinding {
  column: string;
  kind: 'sensitive' | 'proxy';
  /** The sensitive attributes the column is (kind sensitive) or carries (kind proxy). */
  sensitive: string[];
  severity: 'strong' | 'moderate' | null;
  /** How the column becomes a feature. */
  via: 'subscript' | 'named-list' | 'column-transformer' | 'kept-by-drop' | 'kept-by-filter';
  /** The string literal, quotes included; for kept-by-drop and kept-by-filter, the list of excluded columns. */
  range: SourceRange;
  /** Text to delete to take the column out of its list (the literal and one comma), or null. */
  removal: SourceRange | null;
  /** For kept-by-drop: text to insert (at an empty range) to add the column to the dropped ones, or null. */
  addition?: Addition | null;
  /** The name of the frame holding the column when only its name says it is a model input (never fitted in the file), else null. */
  namedInput: string | null;
  message: string;
  /** For notebooks: the same finding in the cell's own coordinates. */
  cell?: { index: number; range: SourceRange; removal: SourceRange | null; addition?: Addition | null };
}

export interface Addition {
  at: SourceRange;
  text: string;
}

/** A dataset the code reads, with the candidate locations of the path. */
export interface DatasetLoad {
  /** The reading function, e.g. "read_csv". */
  reader: string;
  path: string;
  range: SourceRange;
  /** The variable the frame is assigned to, if any. */
  variable: string | null;
  /** Absolute paths tried: relative to the code file's folder, then to the workspace root. */
  candidates: string[];
  /** The first candidate that exists, or null. */
  resolved: string | null;
  cell?: { index: number; range: SourceRange };
}

export interface PipelineAnalysis {
  loads: DatasetLoad[];
  findings: PipelineFinding[];
}

/** A string literal the code gives a model as a feature column, whichever column it names. */
export interface FeatureUse {
  column: string;
  via: 'subscript' | 'named-list' | 'column-transformer';
  /** The literal, quotes included. */
  range: SourceRange;
  /** Text to delete to take the column out of the code that lists it, or null. */
  removal: SourceRange | null;
  /** See PipelineFinding.namedInput. */
  namedInput: string | null;
  cell?: { index: number; range: SourceRange; removal: SourceRange | null };
}

/**
 * A `drop(columns=...)` whose result is a model input, or a model input selected by
 * `[c for c in df.columns if c not in [...]]`: the dataset's other columns are features.
 */
export interface KeptUse {
  /** The dataset's resolved path (its header is in `PipelineExtraction.datasets`). */
  dataset: string;
  via: 'kept-by-drop' | 'kept-by-filter';
  dropped: string[];
  /** The list of dropped (excluded) columns; the comprehension when it has none. */
  range: SourceRange;
  /** Where another dropped column goes in that list (written in place or assigned to a variable), or null. */
  insertion: Insertion | null;
  /** See PipelineFinding.namedInput. */
  namedInput: string | null;
  cell?: { index: number; range: SourceRange; insertion: SourceRange | null };
}

/** A place in a list of strings for one more: after its last element, or inside an empty list. */
export interface Insertion {
  /** An empty range. */
  at: SourceRange;
  /** Whether the list has elements (the new one then follows a comma). */
  afterElement: boolean;
  quote: '"' | "'";
}

/**
 * What the code does with columns, whichever they are: found once per version of the code, then
 * matched against the sensitive columns and proxies of the datasets it loads (`findingsOf`).
 */
export interface PipelineExtraction {
  loads: DatasetLoad[];
  features: FeatureUse[];
  kept: KeptUse[];
  /** The header of each dataset a `drop` is applied to, by resolved path. */
  datasets: Record<string, string[]>;
}

/** Where the code is and how to look at the files it names. */
export interface ExtractOptions {
  /** The code file's path (paths in the code resolve against its folder). */
  file: string;
  workspaceRoot?: string | undefined;
  /** The column names of a dataset file, when it can be read (for `drop(columns=...)`); default: none known. */
  readColumns?: ((absolutePath: string) => readonly string[] | undefined) | undefined;
  /** Whether a candidate dataset path exists (the engine reads no files); default: none does. */
  fileExists?: ((absolutePath: string) => boolean) | undefined;
  /** Stops the parse and the analysis (CancelledError). */
  signal?: AbortSignal | undefined;
  /** A Date.now() time after which the parse and the analysis stop (OverBudgetError). */
  deadline?: number | undefined;
}

/** The sensitive columns and the proxies found in the data (e.g. by the leakage analysis). */
export interface Targets {
  sensitive: readonly string[];
  proxies?: readonly { column: string; sensitive: string; severity: 'strong' | 'moderate' }[];
}

/** What to look for, and where. */
export type PipelineOptions = ExtractOptions & Targets;

/** What the analysis needs of a Python parser (io/python-parser.ts loads tree-sitter's). */
export interface PythonParser {
  /** The tree, or null when `stop` (asked every few hundred parsing steps) said to stop. */
  parse(source: string, stop?: () => boolean): import('web-tree-sitter').Tree | null;
}

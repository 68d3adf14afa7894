import type { Position } from './notebook';

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
  via: 'subscript' | 'named-list' | 'column-transformer' | 'kept-by-drop';
  /** The string literal, quotes included; for kept-by-drop, the list of dropped columns. */
  range: SourceRange;
  /** Text to delete to take the column out of its list (the literal and one comma), or null. */
  removal: SourceRange | null;
  message: string;
  /** For notebooks: the same finding in the cell's own coordinates. */
  cell?: { index: number; range: SourceRange; removal: SourceRange | null };
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

/** What to look for: the sensitive columns and the proxies found in the data (e.g. by the leakage analysis). */
export interface PipelineOptions {
  /** The code file's path (paths in the code resolve against its folder). */
  file: string;
  workspaceRoot?: string | undefined;
  sensitive: readonly string[];
  proxies?: readonly { column: string; sensitive: string; severity: 'strong' | 'moderate' }[];
  /** The column names of a dataset file, when it can be read (for `drop(columns=...)`); default: none known. */
  readColumns?: ((absolutePath: string) => readonly string[] | undefined) | undefined;
  /** Whether a candidate dataset path exists (the engine reads no files); default: none does. */
  fileExists?: ((absolutePath: string) => boolean) | undefined;
}

/** What the analysis needs of a Python parser (io/python-parser.ts loads tree-sitter's). */
export interface PythonParser {
  parse(source: string): import('web-tree-sitter').Tree;
}

import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { checkStop } from './budget';
import { ColumnLists, type ColumnLiteral } from './column-lists';
import type { DatasetLoad, ExtractOptions, FeatureUse, KeptUse, PipelineExtraction, SourceRange } from './findings';
import { ModelInputs } from './model-inputs';
import { calledName, insertionInto, keywordArgument, positionalArguments, rangeOf, stringValue } from './syntax';

const READER = /^(read|scan)_[a-z_]+$/;
const PATH_KEYWORDS = new Set(['filepath_or_buffer', 'path', 'path_or_buf', 'io', 'source', 'file']);
/** The node types the analysis looks at; everything else is reached from these. */
const VISITED = ['block', 'assignment', 'augmented_assignment', 'call', 'subscript', 'keyword_argument'];
/** How many nodes are visited between two looks at the cancellation signal and the clock. */
const CHECK_EVERY = 4096;

/**
 * Finds in a parsed Python file the datasets it loads and every column it gives a model as a
 * feature, whatever the column (the sensitive ones are picked out by `findingsOf`). Linear in the
 * size of the file: one pass over the node types of interest (collected by tree-sitter itself) to
 * record assignments, list changes and model inputs, one over the subscripts and calls to find
 * the feature uses; nothing walks up the tree.
 */
export function extractFromTree(tree: Tree, source: string, options: ExtractOptions): PipelineExtraction {
  const nodes = tree.rootNode.descendantsOfType(VISITED).filter((node): node is Node => node !== null);
  // Each call's name, asked of the tree once (every question is a trip into WebAssembly).
  const called = nodes.map((node) => (node.type === 'call' ? calledName(node) : null));
  const lists = new ColumnLists(source);
  const inputs = new ModelInputs();
  nodes.forEach((node, i) => {
    if (i % CHECK_EVERY === 0) checkStop(options);
    lists.record(node, called[i] ?? null);
    inputs.record(node, called[i] ?? null);
  });
  const loads = findLoads(nodes, called, lists, inputs, options);
  const features = new Map<number, FeatureUse>();
  const kept: KeptUse[] = [];
  const datasets: Record<string, string[]> = {};
  const use = (items: readonly ColumnLiteral[], via: FeatureUse['via'], namedInput: string | null) => {
    for (const item of items) {
      // A literal reached from a fitted frame and from a frame only named like an input is fitted.
      if (features.get(item.literal.startIndex)?.namedInput === null) continue;
      features.set(item.literal.startIndex, {
        column: item.column,
        via: item.named ? 'named-list' : via,
        range: rangeOf(item.literal),
        removal: item.removal,
        namedInput,
      });
    }
  };
  const columnsOf = datasetColumns(options);
  const loadOf = new Map<string, DatasetLoad>();
  for (const load of loads) if (load.variable !== null && !loadOf.has(load.variable)) loadOf.set(load.variable, load);

  /** The frame's own load, else the file's only one (frames derived from it, e.g. df.dropna()). */
  const keep = (frame: string | null, dropped: string[], range: SourceRange, list: Node | null, via: KeptUse['via'], namedInput: string | null) => {
    const load = (frame !== null ? loadOf.get(frame) : undefined) ?? (loads.length === 1 ? loads[0] : undefined);
    const columns = load?.resolved ? columnsOf(load.resolved) : undefined;
    if (!load?.resolved || !columns) return;
    datasets[load.resolved] ??= [...columns];
    kept.push({ dataset: load.resolved, via, dropped, range, insertion: list ? insertionInto(list) : null, namedInput });
  };

  nodes.forEach((node, i) => {
    if (i % CHECK_EVERY === 0) checkStop(options);
    if (node.type === 'subscript') {
      const spec = columnSpec(node);
      if (!spec) return;
      const items = lists.literals(spec);
      const allBut = items.length === 0 ? lists.allColumnsBut(spec) : null;
      const input = items.length > 0 || allBut ? inputs.modelInput(node) : null;
      if (!input) return;
      if (allBut) keep(allBut.frame, allBut.excluded, allBut.range, allBut.list, 'kept-by-filter', input.namedInput);
      else use(items, 'subscript', input.namedInput);
    } else if (node.type === 'call') {
      const name = called[i];
      if (name === 'ColumnTransformer' || name === 'make_column_transformer') {
        // A column transformer's columns are what it feeds the model it is part of.
        for (const spec of transformerColumnSpecs(node, name)) use(lists.literals(spec), 'column-transformer', null);
      } else if (name === 'drop') {
        const spec = droppedColumns(node);
        const input = spec ? inputs.modelInput(node) : null;
        if (!spec || !input) return;
        const frame = node.childForFieldName('function')?.childForFieldName('object');
        const dropped = lists.literals(spec).map((item) => item.column);
        keep(frame?.type === 'identifier' ? frame.text : null, dropped, rangeOf(spec), lists.listLiteral(spec), 'kept-by-drop', input.namedInput);
      }
    }
  });
  const sorted = [...features.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { loads, features: sorted, kept, datasets };
}

/** The column part of `df[cols]` and of `df.loc[rows, cols]`; null for single columns, slices and positions. */
function columnSpec(subscript: Node): Node | null {
  const parts = subscript.childrenForFieldName('subscript').filter((part): part is Node => part !== null);
  const value = subscript.childForFieldName('value');
  const indexer = value?.type === 'attribute' ? value.childForFieldName('attribute')?.text : undefined;
  const spec = parts.length === 2 && (indexer === 'loc' || indexer === 'iloc') ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  if (!spec || spec.type === 'string' || spec.type === 'slice' || spec.type === 'integer') return null;
  return spec;
}

/** ColumnTransformer([(name, transformer, columns), ...]) or make_column_transformer((transformer, columns), ...). */
function transformerColumnSpecs(call: Node, name: string): Node[] {
  const position = name === 'ColumnTransformer' ? 2 : 1;
  const tuples =
    name === 'ColumnTransformer' ? ((keywordArgument(call, 'transformers') ?? positionalArguments(call)[0])?.namedChildren ?? []) : positionalArguments(call);
  return tuples.flatMap((tuple) => (tuple?.type === 'tuple' ? [tuple.namedChildren[position]].filter((n): n is Node => !!n) : []));
}

/** The column list of `frame.drop(columns=...)` or `frame.drop([...], axis=1)`, or null for row drops. */
function droppedColumns(call: Node): Node | null {
  if (call.childForFieldName('function')?.type !== 'attribute') return null;
  const columns = keywordArgument(call, 'columns');
  if (columns) return columns;
  const axis = keywordArgument(call, 'axis');
  const first = positionalArguments(call)[0] ?? keywordArgument(call, 'labels');
  if (axis && first && (axis.text === '1' || stringValue(axis) === 'columns')) return first;
  return null;
}

/** Each dataset's header, read once however many drops use it. */
function datasetColumns(options: ExtractOptions): (file: string) => readonly string[] | undefined {
  const known = new Map<string, readonly string[] | undefined>();
  return (file) => {
    if (!known.has(file)) known.set(file, options.readColumns?.(file));
    return known.get(file);
  };
}

function findLoads(
  nodes: readonly Node[],
  called: readonly (string | null)[],
  lists: ColumnLists,
  inputs: ModelInputs,
  options: ExtractOptions,
): DatasetLoad[] {
  const loads: DatasetLoad[] = [];
  for (const [i, call] of nodes.entries()) {
    const reader = called[i];
    if (!reader || !READER.test(reader)) continue;
    let argument: Node | null | undefined = positionalArguments(call)[0] ?? keywordArgument(call, PATH_KEYWORDS);
    if (argument?.type === 'identifier') argument = lists.stringAt(argument.text, argument.startIndex);
    const text = argument ? stringValue(argument) : null;
    if (!argument || text === null) continue;
    const candidates = candidatePaths(text, options);
    loads.push({
      reader,
      path: text,
      range: rangeOf(argument),
      variable: inputs.assignedName(call),
      candidates,
      resolved: candidates.find((candidate) => options.fileExists?.(candidate)) ?? null,
    });
  }
  return loads;
}

function candidatePaths(text: string, options: ExtractOptions): string[] {
  if (path.isAbsolute(text)) return [text];
  const bases = [path.dirname(path.resolve(options.file)), ...(options.workspaceRoot ? [path.resolve(options.workspaceRoot)] : [])];
  return [...new Set(bases.map((base) => path.resolve(base, text)))];
}

import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import type { DatasetLoad, PipelineAnalysis, PipelineFinding, PipelineOptions, SourceRange } from './findings';

/** Keyword arguments that pass groups to an evaluation or mitigation (fairlearn, aif360): never features. */
const EVALUATION_KEYWORDS = new Set([
  'sensitive_features', 'sensitive_feature', 'sensitive_attrs', 'sensitive_attribute', 'protected_attributes',
  'protected_attribute_names', 'prot_attr', 'privileged_groups', 'unprivileged_groups', 'groups', 'control_features',
]);
/** Calls whose first positional argument is a model's input matrix. */
const FIT_CALLS = new Set(['fit', 'fit_transform', 'fit_predict', 'fit_resample', 'partial_fit', 'train_test_split', 'cross_val_score', 'cross_validate', 'cross_val_predict']);
/** Methods that keep the columns of a frame, so `df[cols].fillna(0).values` still selects `cols`. */
const COLUMN_PRESERVING = new Set(['copy', 'values', 'to_numpy', 'fillna', 'astype', 'dropna', 'reset_index', 'sample', 'head', 'loc', 'iloc', 'infer_objects']);
/** Names that by convention hold a model's input matrix. */
const INPUT_NAME = /^(x|features?|inputs?)(_|$)/i;
const READER = /^(read|scan)_[a-z_]+$/;
const PATH_KEYWORDS = new Set(['filepath_or_buffer', 'path', 'path_or_buf', 'io', 'source', 'file']);

interface Target {
  kind: 'sensitive' | 'proxy';
  sensitive: string[];
  severity: 'strong' | 'moderate' | null;
}

/** Finds dataset loads and the sensitive columns and proxies used as features in a parsed Python file. */
export function analyzePythonTree(tree: Tree, options: PipelineOptions): PipelineAnalysis {
  const root = tree.rootNode;
  const assignments = collectAssignments(root);
  const targets = targetsOf(options);
  const findings = new Map<string, PipelineFinding>();
  const loads = findLoads(root, assignments, options);

  const uses = identifierUses(root);
  const usedForEvaluation = (name: string) => (uses.get(name) ?? []).some(insideEvaluationArgument);
  const usedAsModelInput = (name: string) => (uses.get(name) ?? []).some(isFitInput);
  /** Whether the frame an expression produces is given to a model as its input matrix. */
  const isModelInput = (expression: Node): boolean => {
    const outer = throughColumnPreserving(expression);
    if (insideEvaluationArgument(outer)) return false;
    if (isFitInput(outer)) return true;
    const name = assignedName(outer);
    if (name === null || usedForEvaluation(name)) return false;
    return INPUT_NAME.test(name) || usedAsModelInput(name);
  };

  const flagLiteral = (literal: Node, via: PipelineFinding['via']) => {
    const column = stringValue(literal);
    const target = column === null ? undefined : targets.get(column);
    if (column === null || !target) return;
    const range = rangeOf(literal);
    const key = `${range.start.line}:${range.start.character}`;
    if (findings.has(key)) return;
    findings.set(key, {
      column,
      ...target,
      via,
      range,
      removal: removalRange(literal),
      message: findingMessage(column, target),
    });
  };
  /** Literals written in place keep `via`; those reached through a name are a named list. */
  const flagColumnSpec = (spec: Node, via: PipelineFinding['via']) => {
    const inPlace = spec.type === 'list' || spec.type === 'tuple' || spec.type === 'string';
    for (const literal of columnLiterals(spec, assignments)) flagLiteral(literal, inPlace ? via : 'named-list');
  };

  for (const node of root.descendantsOfType('subscript')) {
    if (!node) continue;
    const spec = node.childForFieldName('subscript');
    if (!spec || spec.type === 'string' || spec.type === 'slice' || spec.type === 'integer') continue;
    if (columnLiterals(spec, assignments).length === 0 || !isModelInput(node)) continue;
    flagColumnSpec(spec, 'subscript');
  }
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const name = calledName(call);
    if (name === 'ColumnTransformer' || name === 'make_column_transformer') {
      for (const spec of transformerColumnSpecs(call, name)) flagColumnSpec(spec, 'column-transformer');
    } else if (name === 'drop') {
      flagKeptByDrop(call);
    }
  }

  function flagKeptByDrop(call: Node): void {
    const spec = droppedColumns(call);
    if (!spec || !isModelInput(call)) return;
    const frame = call.childForFieldName('function')?.childForFieldName('object');
    // The frame's own load, else the file's only one (frames derived from it, e.g. df.dropna()).
    const load = (frame?.type === 'identifier' ? loads.find((l) => l.variable === frame.text) : undefined) ?? (loads.length === 1 ? loads[0] : undefined);
    const columns = load?.resolved ? options.readColumns?.(load.resolved) : undefined;
    if (!columns) return;
    const dropped = new Set(columnLiterals(spec, assignments).map(stringValue));
    for (const column of columns) {
      const target = targets.get(column);
      if (!target || dropped.has(column)) continue;
      const range = rangeOf(spec);
      findings.set(`${range.start.line}:${range.start.character}:${column}`, {
        column,
        ...target,
        via: 'kept-by-drop',
        range,
        removal: null,
        message: `${findingMessage(column, target)}: this drop() keeps it among the features (the rest of ${path.basename(load!.path)}'s columns)`,
      });
    }
  }

  const sorted = [...findings.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { loads, findings: sorted };
}

function targetsOf(options: PipelineOptions): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const name of options.sensitive) targets.set(name, { kind: 'sensitive', sensitive: [name], severity: null });
  for (const proxy of options.proxies ?? []) {
    if (options.sensitive.includes(proxy.column)) continue;
    const known = targets.get(proxy.column);
    if (!known) targets.set(proxy.column, { kind: 'proxy', sensitive: [proxy.sensitive], severity: proxy.severity });
    else if (!known.sensitive.includes(proxy.sensitive)) {
      known.sensitive.push(proxy.sensitive);
      if (proxy.severity === 'strong') known.severity = 'strong';
    }
  }
  return targets;
}

function findingMessage(column: string, target: Target): string {
  if (target.kind === 'sensitive') return `sensitive attribute \`${column}\` is used as a model feature`;
  const attributes = target.sensitive.map((s) => `\`${s}\``).join(', ');
  return `\`${column}\` is a ${target.severity === null ? '' : `${target.severity} `}proxy of ${attributes} and is used as a model feature`;
}

/** name -> right-hand sides of its plain assignments, in order. */
function collectAssignments(root: Node): Map<string, Node[]> {
  const map = new Map<string, Node[]>();
  for (const node of root.descendantsOfType('assignment')) {
    const left = node?.childForFieldName('left');
    const right = node?.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    map.set(left.text, [...(map.get(left.text) ?? []), right]);
  }
  return map;
}

/** The string literals a column specification names: a list, a string, a name bound to one, or a sum of lists. */
function columnLiterals(spec: Node, assignments: Map<string, Node[]>, depth = 0): Node[] {
  if (depth > 8) return [];
  switch (spec.type) {
    case 'string':
      return stringValue(spec) === null ? [] : [spec];
    case 'list':
    case 'tuple':
      return spec.namedChildren.filter((child): child is Node => child?.type === 'string' && stringValue(child) !== null);
    case 'parenthesized_expression':
      return spec.namedChildren.flatMap((child) => (child ? columnLiterals(child, assignments, depth + 1) : []));
    case 'binary_operator': {
      if (spec.childForFieldName('operator')?.text !== '+') return [];
      const sides = [spec.childForFieldName('left'), spec.childForFieldName('right')];
      return sides.flatMap((side) => (side ? columnLiterals(side, assignments, depth + 1) : []));
    }
    case 'identifier':
      return (assignments.get(spec.text) ?? []).flatMap((right) => (right.type === 'string' ? [] : columnLiterals(right, assignments, depth + 1)));
    default:
      return [];
  }
}

/** The text of a plain string literal (no f-string, no escapes), or null. */
export function stringValue(node: Node): string | null {
  if (node.type !== 'string') return null;
  if (node.namedChildren.some((child) => child?.type === 'interpolation' || child?.type === 'escape_sequence')) return null;
  const match = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
  return match ? match[3]! : null;
}

/** The literal plus one neighbouring comma (the following one, else the preceding one), for removal. */
function removalRange(literal: Node): SourceRange | null {
  const list = literal.parent;
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return null;
  const items = list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  const at = items.findIndex((item) => item.startIndex === literal.startIndex);
  const next = items[at + 1];
  const previous = items[at - 1];
  if (next) return { start: rangeOf(literal).start, end: rangeOf(next).start };
  if (previous) return { start: rangeOf(previous).end, end: rangeOf(literal).end };
  return rangeOf(literal);
}

export function rangeOf(node: Node): SourceRange {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function calledName(call: Node): string | null {
  const callee = call.childForFieldName('function');
  if (!callee) return null;
  if (callee.type === 'identifier') return callee.text;
  if (callee.type === 'attribute') return callee.childForFieldName('attribute')?.text ?? null;
  return null;
}

function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'keyword_argument' && child.type !== 'comment') : [];
}

function keywordArgument(call: Node, names: ReadonlySet<string> | string): Node | null {
  const list = call.childForFieldName('arguments');
  for (const child of list?.namedChildren ?? []) {
    if (child?.type !== 'keyword_argument') continue;
    const name = child.childForFieldName('name')?.text ?? '';
    if (typeof names === 'string' ? name === names : names.has(name)) return child.childForFieldName('value');
  }
  return null;
}

/** ColumnTransformer([(name, transformer, columns), ...]) or make_column_transformer((transformer, columns), ...). */
function transformerColumnSpecs(call: Node, name: string): Node[] {
  const position = name === 'ColumnTransformer' ? 2 : 1;
  const tuples = name === 'ColumnTransformer' ? (keywordArgument(call, 'transformers') ?? positionalArguments(call)[0])?.namedChildren ?? [] : positionalArguments(call);
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

/** Walks up from a frame expression through column-preserving attributes, calls and subscripts. */
function throughColumnPreserving(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === current.id && COLUMN_PRESERVING.has(parent.childForFieldName('attribute')?.text ?? '')) {
      current = parent;
    } else if (parent.type === 'call' && parent.childForFieldName('function')?.id === current.id && current.type === 'attribute') {
      current = parent;
    } else if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === current.id && current.type === 'attribute') {
      current = parent; // df[cols].loc[...] / .iloc[...]
    } else if (parent.type === 'parenthesized_expression') {
      current = parent;
    } else return current;
  }
}

/** The variable an expression is assigned to (directly), or null. */
function assignedName(node: Node): string | null {
  const parent = node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return null;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : null;
}

/** Whether the expression is the first positional argument of fit(...), train_test_split(...), ... */
function isFitInput(node: Node): boolean {
  const list = node.parent;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || call?.type !== 'call') return false;
  return FIT_CALLS.has(calledName(call) ?? '') && positionalArguments(call)[0]?.id === node.id;
}

function insideEvaluationArgument(node: Node): boolean {
  for (let current: Node | null = node; current; current = current.parent) {
    if (current.type === 'keyword_argument' && EVALUATION_KEYWORDS.has(current.childForFieldName('name')?.text ?? '')) return true;
    if (current.type.endsWith('statement') || current.type === 'module') return false;
  }
  return false;
}

/** Every identifier read in the file, by name (not assignment targets, keyword names or attribute names). */
function identifierUses(root: Node): Map<string, Node[]> {
  const uses = new Map<string, Node[]>();
  for (const node of root.descendantsOfType('identifier')) {
    if (!node) continue;
    const parent = node.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
    const list = uses.get(node.text);
    if (list) list.push(node);
    else uses.set(node.text, [node]);
  }
  return uses;
}

function findLoads(root: Node, assignments: Map<string, Node[]>, options: PipelineOptions): DatasetLoad[] {
  const loads: DatasetLoad[] = [];
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const reader = calledName(call);
    if (!reader || !READER.test(reader)) continue;
    let argument: Node | null | undefined = positionalArguments(call)[0] ?? keywordArgument(call, PATH_KEYWORDS);
    if (argument?.type === 'identifier') argument = (assignments.get(argument.text) ?? []).find((right) => right.type === 'string');
    const text = argument ? stringValue(argument) : null;
    if (!argument || text === null) continue;
    const candidates = candidatePaths(text, options);
    loads.push({
      reader,
      path: text,
      range: rangeOf(argument),
      variable: assignedName(throughColumnPreserving(call)),
      candidates,
      resolved: candidates.find((candidate) => options.fileExists?.(candidate)) ?? null,
    });
  }
  return loads;
}

function candidatePaths(text: string, options: PipelineOptions): string[] {
  if (path.isAbsolute(text)) return [text];
  const bases = [path.dirname(path.resolve(options.file)), ...(options.workspaceRoot ? [path.resolve(options.workspaceRoot)] : [])];
  return [...new Set(bases.map((base) => path.resolve(base, text)))];
}

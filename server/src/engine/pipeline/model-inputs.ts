import type { Node } from 'web-tree-sitter';
import { calledName, keywordArgument, positionalArguments } from './syntax';

/** Keyword arguments that pass groups to an evaluation or mitigation (fairlearn, aif360): never features. */
const EVALUATION_KEYWORDS = new Set([
  'sensitive_features',
  'sensitive_feature',
  'sensitive_attrs',
  'sensitive_attribute',
  'protected_attributes',
  'protected_attribute_names',
  'prot_attr',
  'privileged_groups',
  'unprivileged_groups',
  'groups',
  'control_features',
]);
/** Calls whose first positional argument is a model's input matrix. */
const FIT_CALLS = new Set([
  'fit',
  'fit_transform',
  'fit_predict',
  'fit_resample',
  'partial_fit',
  'train_test_split',
  'cross_val_score',
  'cross_validate',
  'cross_val_predict',
]);
/** Methods that keep the columns of a frame, so `df[cols].fillna(0).values` still selects `cols`. */
const COLUMN_PRESERVING = new Set([
  'copy',
  'values',
  'to_numpy',
  'fillna',
  'astype',
  'dropna',
  'reset_index',
  'sample',
  'head',
  'loc',
  'iloc',
  'infer_objects',
]);
/**
 * Functions whose result holds the columns of the frame they are given first (or as `data=`):
 * `pd.get_dummies(df[cols])` one-hot encodes them, `np.asarray(df[cols])` converts them.
 */
const COLUMN_PRESERVING_FUNCTIONS = new Set(['get_dummies', 'asarray', 'array']);
/** Names that by convention hold a model's input matrix. */
const INPUT_NAME = /^(x|features?|inputs?)(_|$)/i;

/** How a frame is known to be a model's input: fitted in the file (namedInput null), or only named like one. */
export interface InputEvidence {
  namedInput: string | null;
}
const FITTED: InputEvidence = { namedInput: null };

/**
 * Which frame expressions of a file are a model's input matrix. Everything is learnt top-down
 * from the assignments, calls and keyword arguments (visited once, in source order): a frame is
 * a model input when, through column-preserving steps (`.values`, `.fillna(0)`, `.loc[...]`,
 * parentheses), it is the first argument of fit(), train_test_split()..., or is assigned to a
 * name that conventionally holds one (`X`, `X_train`, `features`) or that is later given to such
 * a call; and never when it sits in an evaluation argument (`sensitive_features=`) or is
 * assigned to a name used there.
 */
export class ModelInputs {
  /** Node id -> the outermost column-preserving expression around it, for those that end in an assignment or a fit call. */
  private readonly outer = new Map<number, Node>();
  /** Ids of the first positional arguments of fit-like calls. */
  private readonly fitArguments = new Set<number>();
  /** Id of an assignment's right-hand side -> the name it is assigned to. */
  private readonly assigned = new Map<number, string>();
  /** Names given directly as the first argument of a fit-like call. */
  private readonly fitNames = new Set<string>();
  /** Names read inside evaluation arguments. */
  private readonly evaluationNames = new Set<string>();
  /** Offsets [start, end) of the outermost evaluation arguments, in source order, disjoint. */
  private readonly evaluation: [number, number][] = [];

  /** Records a node (assignments, calls, whose name is `called`, and keyword arguments are used), in source order. */
  record(node: Node, called: string | null): void {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) return;
      this.assigned.set(right.id, left.text);
      this.peel(right);
    } else if (node.type === 'call') {
      if (!FIT_CALLS.has(called ?? '')) return;
      const first = positionalArguments(node)[0];
      if (!first) return;
      this.fitArguments.add(first.id);
      if (first.type === 'identifier') this.fitNames.add(first.text);
      this.peel(first);
    } else if (node.type === 'keyword_argument') {
      if (!EVALUATION_KEYWORDS.has(node.childForFieldName('name')?.text ?? '')) return;
      const last = this.evaluation[this.evaluation.length - 1];
      if (last && node.startIndex < last[1]) return; // inside one already recorded
      this.evaluation.push([node.startIndex, node.endIndex]);
      const value = node.childForFieldName('value');
      if (value) for (const name of namesRead(value)) this.evaluationNames.add(name);
    }
  }

  /**
   * Whether the frame `expression` produces is a model's input matrix: FITTED when a fit-like call
   * takes it (directly or by the name it is assigned to), the name when only the name says so
   * (`X_small` never fitted in the file), null when it is not one.
   */
  modelInput(expression: Node): InputEvidence | null {
    if (this.insideEvaluation(expression)) return null;
    const outer = this.outer.get(expression.id) ?? expression;
    if (this.fitArguments.has(outer.id)) return FITTED;
    const name = this.assigned.get(outer.id);
    if (name === undefined || this.evaluationNames.has(name)) return null;
    if (this.fitNames.has(name)) return FITTED;
    return INPUT_NAME.test(name) ? { namedInput: name } : null;
  }

  /** The name the frame an expression produces is assigned to, through column-preserving steps, or null. */
  assignedName(expression: Node): string | null {
    return this.assigned.get((this.outer.get(expression.id) ?? expression).id) ?? null;
  }

  /** Walks down from an expression through column-preserving steps, remembering it as their outermost. */
  private peel(outer: Node): void {
    for (let node: Node | null = outer; node; node = columnPreservingInner(node)) this.outer.set(node.id, outer);
  }

  private insideEvaluation(node: Node): boolean {
    let low = 0;
    let high = this.evaluation.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [start, end] = this.evaluation[mid]!;
      if (node.startIndex < start) high = mid - 1;
      else if (node.startIndex >= end) low = mid + 1;
      else return node.endIndex <= end;
    }
    return false;
  }
}

/**
 * The expression a column-preserving step applies to: `x` of `x.values`, `x.fillna(0)`,
 * `x.loc[...]`, `(x)`, `pd.get_dummies(x)`; or null.
 */
function columnPreservingInner(node: Node): Node | null {
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChildren.find((child): child is Node => child !== null && child.type !== 'comment') ?? null;
    case 'call': {
      if (COLUMN_PRESERVING_FUNCTIONS.has(calledName(node) ?? '')) return positionalArguments(node)[0] ?? keywordArgument(node, 'data');
      const callee = node.childForFieldName('function');
      return callee?.type === 'attribute' ? callee : null;
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      return value?.type === 'attribute' ? value : null;
    }
    case 'attribute':
      return COLUMN_PRESERVING.has(node.childForFieldName('attribute')?.text ?? '') ? node.childForFieldName('object') : null;
    default:
      return null;
  }
}

/** The names an expression reads (not attribute names after a dot, not keyword names). */
function namesRead(expression: Node): string[] {
  const skipped = new Set<number>();
  const names: string[] = [];
  for (const node of expression.descendantsOfType(['identifier', 'attribute', 'keyword_argument'])) {
    if (!node) continue;
    if (node.type === 'attribute') {
      const attribute = node.childForFieldName('attribute');
      if (attribute) skipped.add(attribute.id);
    } else if (node.type === 'keyword_argument') {
      const name = node.childForFieldName('name');
      if (name) skipped.add(name.id);
    } else if (!skipped.has(node.id)) names.push(node.text);
  }
  return names;
}

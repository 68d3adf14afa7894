import type { Node } from 'web-tree-sitter';
import type { SourceRange } from './findings';
import { elementRemovals, elements, lineRemoval, positionalArguments, rangeOf, receiverName, stringValue } from './syntax';
import { lastAtOrBefore } from './last-at-or-before';

/** A string literal naming a column, with what to delete to take it out of the code that lists it. */
export interface ColumnLiteral {
  literal: Node;
  column: string;
  removal: SourceRange | null;
  /** Reached through a variable (a feature list held in a name) rather than written in place. */
  named: boolean;
}

/**
 * One change to a variable, in source order: a plain assignment sets its value; `append`,
 * `insert`, `extend` and `+=` add to it; `remove` takes a column out.
 */
interface Change {
  kind: 'set' | 'add' | 'remove';
  /** Offset from which the change is seen (the end of its statement). */
  visibleFrom: number;
  value: Node;
  /** For a value that is one literal outside any list (`append("sex")`): the statement's line. */
  removal: SourceRange | null;
}

/** How many variables or comprehensions deep a column list is followed (`a = b + c`, `b = d`, ...). */
const MAX_DEPTH = 32;

/**
 * The column lists a Python file builds, followed through variables: `cols = [...]`, then
 * `cols + more`, `cols.append("x")`, `cols.extend([...])`, `cols += [...]`, `cols.remove("x")`,
 * and list comprehensions over literal lists with simple filters. A variable read at some point
 * has the value of its last assignment before that point, plus the changes made to it since
 * (textual order: no control flow), or, when nothing before assigns it, its value at the end of
 * the file. Each variable's value at each change is computed once.
 */
export class ColumnLists {
  private readonly changes = new Map<string, Change[]>();
  private readonly values = new Map<string, ColumnLiteral[]>();
  /** Calls that are the only statement of their block: deleting their line would leave the block empty. */
  private readonly soleStatements = new Set<number>();

  constructor(private readonly source: string) {}

  /** Records an assignment, augmented assignment, list-method call (`called`: its name) or block (nodes come in source order). */
  record(node: Node, called: string | null): void {
    if (node.type === 'block') {
      const statements = elements(node);
      const call = statements.length === 1 && statements[0]!.type === 'expression_statement' ? elements(statements[0]!)[0] : undefined;
      if (call) this.soleStatements.add(call.id);
      return;
    }
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) return;
      if (node.type === 'assignment') this.add(left.text, { kind: 'set', visibleFrom: node.endIndex, value: right, removal: null });
      else if (node.childForFieldName('operator')?.text === '+=') this.add(left.text, { kind: 'add', visibleFrom: node.endIndex, value: right, removal: null });
      return;
    }
    const method = called;
    if (method !== 'append' && method !== 'insert' && method !== 'extend' && method !== 'remove') return;
    const name = receiverName(node);
    if (name === null) return;
    const args = positionalArguments(node);
    const value = method === 'insert' ? args[1] : args[0];
    if (!value || args.length !== (method === 'insert' ? 2 : 1)) return;
    if (method === 'extend') this.add(name, { kind: 'add', visibleFrom: node.endIndex, value, removal: null });
    else if (value.type === 'string') {
      const removal = method === 'remove' || this.soleStatements.has(node.id) ? null : lineRemoval(this.source, node);
      this.add(name, { kind: method === 'remove' ? 'remove' : 'add', visibleFrom: node.endIndex, value, removal });
    }
  }

  /** The plain string assigned to `name` last before `at` (a dataset path), or null. */
  stringAt(name: string, at: number): Node | null {
    const changes = this.changes.get(name);
    const index = changes ? this.changeBefore(changes, at) : -1;
    const change = index >= 0 ? changes![index]! : undefined;
    return change?.kind === 'set' && change.value.type === 'string' ? change.value : null;
  }

  /**
   * The list literal a specification is, or that the variable it names was last set to (with no
   * change since): where another column can be written. Null otherwise.
   */
  listLiteral(spec: Node): Node | null {
    if (spec.type === 'list' || (spec.type === 'tuple' && elements(spec).length > 0)) return spec;
    if (spec.type !== 'identifier') return null;
    const changes = this.changes.get(spec.text);
    const index = changes ? this.changeBefore(changes, spec.startIndex) : -1;
    const change = index >= 0 ? changes![index]! : undefined;
    return change?.kind === 'set' ? this.listLiteral(change.value) : null;
  }

  /**
   * The column literals a column specification names: a string, a list or tuple of strings, a
   * variable, a sum of those, or a comprehension over a literal list; `at` is where it is read.
   */
  literals(spec: Node, at = spec.startIndex, depth = 0, seen = new Set<string>()): ColumnLiteral[] {
    if (depth > MAX_DEPTH) return [];
    switch (spec.type) {
      case 'string': {
        const column = stringValue(spec);
        return column === null ? [] : [{ literal: spec, column, removal: null, named: false }];
      }
      case 'list':
      case 'tuple': {
        const items = elements(spec);
        const removals = elementRemovals(items);
        return items.flatMap((item, i) => {
          const column = stringValue(item);
          return column === null ? [] : [{ literal: item, column, removal: removals[i]!, named: false }];
        });
      }
      case 'parenthesized_expression':
      case 'binary_operator':
        return this.sum(spec, at, depth, seen);
      case 'list_comprehension':
        return this.comprehension(spec, at, depth, seen);
      case 'identifier':
        return this.valueAt(spec.text, at, depth + 1, seen);
      default:
        return [];
    }
  }

  private add(name: string, change: Change): void {
    const list = this.changes.get(name);
    if (list) list.push(change);
    else this.changes.set(name, [change]);
  }

  /**
   * `a + b + c`, parenthesized or not: it nests as deep as it has terms, so it is walked with a
   * stack, not recursion.
   */
  private sum(spec: Node, at: number, depth: number, seen: Set<string>): ColumnLiteral[] {
    const result: ColumnLiteral[] = [];
    const pending: Node[] = [spec];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === 'parenthesized_expression') {
        const inner = elements(node)[0];
        if (inner) pending.push(inner);
        continue;
      }
      if (node.type !== 'binary_operator') {
        for (const item of this.literals(node, at, depth, seen)) result.push(item);
        continue;
      }
      if (node.childForFieldName('operator')?.type !== '+') return [];
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return [];
      pending.push(right, left); // left first: the literals come out in source order
    }
    return result;
  }

  /**
   * `[c for c in frame.columns if c not in LIST]` (filters `not in LIST` and `!= "x"`, joined by
   * `and`), written in place or assigned to a variable with no change since: every column of
   * `frame` but the excluded ones. `list` is the one `not in` list, where another can be written.
   */
  allColumnsBut(spec: Node, at = spec.startIndex): { frame: string; excluded: string[]; range: SourceRange; list: Node | null } | null {
    if (spec.type === 'identifier') {
      const changes = this.changes.get(spec.text);
      const index = changes ? this.changeBefore(changes, at) : -1;
      const change = index >= 0 ? changes![index]! : undefined;
      return change?.kind === 'set' && change.value.type === 'list_comprehension' ? this.allColumnsBut(change.value) : null;
    }
    const loop = spec.type === 'list_comprehension' ? this.loop(spec) : null;
    const columns =
      loop?.iterated.type === 'attribute' && loop.iterated.childForFieldName('attribute')?.text === 'columns'
        ? loop.iterated.childForFieldName('object')
        : null;
    if (!loop || columns?.type !== 'identifier') return null;
    const excluded: string[] = [];
    const lists: Node[] = [];
    for (const condition of loop.conditions) {
      for (const test of conjuncts(condition)) {
        const operands = elements(test);
        const operator = test.type === 'comparison_operator' ? test.childrenForFieldName('operators') : [];
        if (operands.length !== 2 || operator.length !== 1 || operands[0]!.text !== loop.variable) return null;
        if (operator[0]!.type === 'not in') {
          for (const item of this.literals(operands[1]!, at)) excluded.push(item.column);
          const list = this.listLiteral(operands[1]!);
          if (list) lists.push(list);
        } else if (operator[0]!.type === '!=' && stringValue(operands[1]!) !== null) excluded.push(stringValue(operands[1]!)!);
        else return null;
      }
    }
    const list = lists.length === 1 ? lists[0]! : null;
    return { frame: columns.text, excluded, range: rangeOf(list ?? spec), list };
  }

  /**
   * `[c for c in LIST]`, with filters `if c != "x"`, `if c == "x"`, `if c in LIST`,
   * `if c not in LIST` (joined by `and`): the elements of LIST the filters keep. Anything else
   * names no columns.
   */
  private comprehension(spec: Node, at: number, depth: number, seen: Set<string>): ColumnLiteral[] {
    const loop = this.loop(spec);
    if (!loop) return [];
    const filters: ((column: string) => boolean)[] = [];
    for (const condition of loop.conditions) {
      const test = this.filter(condition, loop.variable, at, depth, seen);
      if (!test) return [];
      filters.push(test);
    }
    return this.literals(loop.iterated, at, depth + 1, seen).filter((item) => filters.every((keep) => keep(item.column)));
  }

  /** `[c for c in X if A if B]`: c, X and the conditions; null for any other shape (`c.upper()`, two loops). */
  private loop(spec: Node): { variable: string; iterated: Node; conditions: Node[] } | null {
    const body = spec.childForFieldName('body');
    const clauses = spec.namedChildren.filter((child): child is Node => child !== null && child.id !== body?.id && child.type !== 'comment');
    const loop = clauses[0];
    if (body?.type !== 'identifier' || loop?.type !== 'for_in_clause') return null;
    const variable = loop.childForFieldName('left');
    const iterated = loop.childForFieldName('right');
    if (variable?.type !== 'identifier' || variable.text !== body.text || !iterated) return null;
    const conditions: Node[] = [];
    for (const clause of clauses.slice(1)) {
      const condition = clause.type === 'if_clause' ? elements(clause)[0] : undefined;
      if (!condition) return null;
      conditions.push(condition);
    }
    return { variable: variable.text, iterated, conditions };
  }

  /** A filter of `a and b and ...`. */
  private filter(condition: Node, variable: string, at: number, depth: number, seen: Set<string>): ((column: string) => boolean) | null {
    const tests: ((column: string) => boolean)[] = [];
    for (const node of conjuncts(condition)) {
      const test = this.comparison(node, variable, at, depth, seen);
      if (!test) return null;
      tests.push(test);
    }
    return (column) => tests.every((keep) => keep(column));
  }

  private comparison(condition: Node, variable: string, at: number, depth: number, seen: Set<string>): ((column: string) => boolean) | null {
    if (condition.type !== 'comparison_operator') return null;
    const operands = condition.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
    const operators = condition.childrenForFieldName('operators');
    if (operands.length !== 2 || operators.length !== 1 || operands[0]!.type !== 'identifier' || operands[0]!.text !== variable) return null;
    const operator = operators[0]!.type;
    const other = operands[1]!;
    if (operator === '==' || operator === '!=') {
      const value = stringValue(other);
      if (value === null) return null;
      return operator === '==' ? (column) => column === value : (column) => column !== value;
    }
    if (operator === 'in' || operator === 'not in') {
      const listed = new Set(this.literals(other, at, depth + 1, seen).map((item) => item.column));
      return operator === 'in' ? (column) => listed.has(column) : (column) => !listed.has(column);
    }
    return null;
  }

  /** The value of `name` read at offset `at`. */
  private valueAt(name: string, at: number, depth: number, seen: Set<string>): ColumnLiteral[] {
    const changes = this.changes.get(name);
    if (!changes) return [];
    const before = this.changeBefore(changes, at);
    const index = before >= 0 ? before : changes.length - 1;
    const key = `${name}\u0000${index}`;
    const known = this.values.get(key);
    if (known) return known;
    if (seen.has(key)) return []; // a = b, b = a
    seen.add(key);
    const value = this.valueAfter(changes, index, depth, seen);
    seen.delete(key);
    this.values.set(key, value);
    return value;
  }

  /** The value after changes[index]: back to the last assignment, then forward through the additions. */
  private valueAfter(changes: readonly Change[], index: number, depth: number, seen: Set<string>): ColumnLiteral[] {
    let first = index;
    while (first > 0 && changes[first]!.kind !== 'set') first--;
    const value: ColumnLiteral[] = [];
    for (let i = first; i <= index; i++) {
      const change = changes[i]!;
      const literals = this.literals(change.value, change.value.startIndex, depth, seen);
      if (change.kind === 'remove') {
        const removed = new Set(literals.map((item) => item.column));
        for (let j = value.length - 1; j >= 0; j--) if (removed.has(value[j]!.column)) value.splice(j, 1);
      } else {
        for (const item of literals) value.push({ ...item, named: true, removal: change.removal ?? item.removal });
      }
    }
    return value;
  }

  /** Index of the last change seen at offset `at`, or -1. */
  private changeBefore(changes: readonly Change[], at: number): number {
    return lastAtOrBefore(changes.length, (i) => changes[i]!.visibleFrom, at);
  }
}

/** The terms of `a and b and ...`, parentheses dropped (walked with a stack: it nests as deep as it has terms). */
function conjuncts(condition: Node): Node[] {
  const terms: Node[] = [];
  const pending: Node[] = [condition];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const inner = node.type === 'parenthesized_expression' ? elements(node)[0] : undefined;
    const left = node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'and' ? node.childForFieldName('left') : null;
    const right = left ? node.childForFieldName('right') : null;
    if (inner) pending.push(inner);
    else if (left && right) pending.push(right, left);
    else terms.push(node);
  }
  return terms;
}

// Small questions asked of tree-sitter nodes. None of them moves up the tree: a node's parent
// costs a walk down from the root in tree-sitter, so a loop of parent lookups is quadratic on
// deeply nested code (a 20,000-term sum is 20,000 levels deep).
import type { Node } from 'web-tree-sitter';
import type { Insertion, SourceRange } from './findings';

/** The text of a plain string literal (no f-string, no escapes), or null. */
export function stringValue(node: Node): string | null {
  if (node.type !== 'string') return null;
  if (node.namedChildren.some((child) => child?.type === 'interpolation' || child?.type === 'escape_sequence')) return null;
  const match = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
  return match ? match[3]! : null;
}

export function rangeOf(node: Node): SourceRange {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** `f` of `f(...)` and of `obj.f(...)`. */
export function calledName(call: Node): string | null {
  const callee = call.childForFieldName('function');
  if (!callee) return null;
  if (callee.type === 'identifier') return callee.text;
  if (callee.type === 'attribute') return callee.childForFieldName('attribute')?.text ?? null;
  return null;
}

/** `obj` of `obj.f(...)` when it is a plain name. */
export function receiverName(call: Node): string | null {
  const callee = call.childForFieldName('function');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  return object?.type === 'identifier' ? object.text : null;
}

export function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'keyword_argument' && child.type !== 'comment') : [];
}

export function keywordArgument(call: Node, names: ReadonlySet<string> | string): Node | null {
  const list = call.childForFieldName('arguments');
  for (const child of list?.namedChildren ?? []) {
    if (child?.type !== 'keyword_argument') continue;
    const name = child.childForFieldName('name')?.text ?? '';
    if (typeof names === 'string' ? name === names : names.has(name)) return child.childForFieldName('value');
  }
  return null;
}

/** The elements of a list or tuple, comments left out. */
export function elements(list: Node): Node[] {
  return list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

/**
 * What to delete to take each element out of its list: the element and the comma after it up to
 * the next element, or for the last one, from the end of the previous element; a lone element
 * alone. Computed for the whole list at once (one pass, however long the list).
 */
export function elementRemovals(items: readonly Node[]): SourceRange[] {
  return items.map((item, at) => {
    const next = items[at + 1];
    const previous = items[at - 1];
    if (next) return { start: rangeOf(item).start, end: rangeOf(next).start };
    if (previous) return { start: rangeOf(previous).end, end: rangeOf(item).end };
    return rangeOf(item);
  });
}

/** Where one more string goes in a list literal: after its last element, else just inside the bracket. */
export function insertionInto(list: Node): Insertion {
  const items = elements(list);
  const last = items[items.length - 1];
  const quoted = items.find((item) => item.type === 'string');
  const quote = quoted && /^[rRuUbB]{0,2}'/.test(quoted.text) ? "'" : '"';
  if (last) return { at: { start: rangeOf(last).end, end: rangeOf(last).end }, afterElement: true, quote };
  const inside = { line: list.startPosition.row, character: list.startPosition.column + 1 };
  return { at: { start: inside, end: inside }, afterElement: false, quote };
}

/** A column name as a Python string literal with the given quote. */
export function pythonString(value: string, quote: '"' | "'"): string {
  return quote + value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n') + quote;
}

/**
 * The whole line of a statement that stands alone on it (only blanks before it, only blanks or
 * a comment after it), so deleting it leaves valid code; null otherwise.
 */
export function lineRemoval(source: string, node: Node): SourceRange | null {
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  const lineEnd = source.indexOf('\n', node.endIndex);
  const before = source.slice(lineStart, node.startIndex);
  const after = source.slice(node.endIndex, lineEnd === -1 ? source.length : lineEnd);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?\r?$/.test(after)) return null;
  const line = node.startPosition.row;
  if (lineEnd === -1) return { start: { line, character: 0 }, end: rangeOf(node).end };
  return { start: { line, character: 0 }, end: { line: node.endPosition.row + 1, character: 0 } };
}

import * as path from 'node:path';
import type { PipelineFinding, SourceRange, Targets } from './findings';
import { FEATURE_FIELDS, INSERT_AFTER_ELEMENT, INSERT_SINGLE_QUOTE, KEPT_FIELDS, KEPT_VIAS, NONE, rangeAt, VIAS, type PackedExtraction } from './packed';
import { pythonString } from './syntax';

interface Target {
  kind: 'sensitive' | 'proxy';
  sensitive: string[];
  severity: 'strong' | 'moderate' | null;
}

/** The findings of some code: the first `limit` in source order, and how many there are in all. */
export interface Matches {
  findings: PipelineFinding[];
  total: number;
}

/**
 * The sensitive columns and proxies among the features the code uses. Only the findings
 * returned (the first `limit` in source order) are built as objects; the rest are counted.
 */
export function findingsOf(packed: PackedExtraction, given: Targets, limit = Number.POSITIVE_INFINITY): Matches {
  const targets = targetsOf(given);
  const targetOf = packed.names.map((name) => targets.get(name));
  let total = 0;
  const fromFeatures: PipelineFinding[] = [];
  const { features } = packed;
  for (let at = 0; at < features.length; at += FEATURE_FIELDS) {
    const target = targetOf[features[at]!];
    if (!target) continue;
    total++;
    if (fromFeatures.length >= limit) continue;
    const column = packed.names[features[at]!]!;
    const cell = features[at + 10]!;
    const namedInput = nameAt(packed, features[at + 19]!);
    fromFeatures.push({
      column,
      ...target,
      via: VIAS[features[at + 1]!]!,
      range: rangeAt(features, at + 2)!,
      removal: rangeAt(features, at + 6),
      namedInput,
      message: findingMessage(column, target, namedInput),
      ...(cell >= 0 ? { cell: { index: cell, range: rangeAt(features, at + 11)!, removal: rangeAt(features, at + 15) } } : {}),
    });
  }
  const fromKept: PipelineFinding[] = [];
  const { kept, dropped } = packed;
  for (let at = 0; at < kept.length; at += KEPT_FIELDS) {
    const dataset = kept[at]!;
    const droppedHere = new Set(dropped.subarray(kept[at + 10]!, kept[at + 10]! + kept[at + 11]!));
    for (const name of packed.headers[dataset] ?? []) {
      const target = targetOf[name];
      if (!target || droppedHere.has(name)) continue;
      total++;
      if (fromKept.length < limit) fromKept.push(keptFinding(packed, at, name, target));
    }
  }
  // Both lists are in source order; kept columns of one drop stay in header order (stable sort).
  const findings = [...fromFeatures, ...fromKept].sort(compare).slice(0, limit);
  return { findings, total };
}

function keptFinding(packed: PackedExtraction, at: number, name: number, target: Target): PipelineFinding {
  const { kept } = packed;
  const column = packed.names[name]!;
  const cell = kept[at + 5]!;
  const style = kept[at + 16]!;
  const text = `${style & INSERT_AFTER_ELEMENT ? ', ' : ''}${pythonString(column, style & INSERT_SINGLE_QUOTE ? "'" : '"')}`;
  const addition = (range: SourceRange | null) => (range ? { at: range, text } : null);
  const via = KEPT_VIAS[kept[at + 21]!]!;
  const dataset = path.basename(packed.datasets[kept[at]!]!);
  const namedInput = nameAt(packed, kept[at + 22]!);
  const among = namedInput === null ? ' among the features' : '';
  return {
    column,
    ...target,
    via,
    range: rangeAt(kept, at + 1)!,
    removal: null,
    addition: addition(rangeAt(kept, at + 12)),
    namedInput,
    message:
      via === 'kept-by-drop'
        ? `${findingMessage(column, target, namedInput)}: this drop() keeps it${among} (the rest of ${dataset}'s columns)`
        : `${findingMessage(column, target, namedInput)}: this selection of ${dataset}'s columns keeps it${among} (it is not excluded)`,
    ...(cell >= 0 ? { cell: { index: cell, range: rangeAt(kept, at + 6)!, removal: null, addition: addition(rangeAt(kept, at + 17)) } } : {}),
  };
}

/** Source order: by cell (a notebook's findings are in their cells' coordinates), line, character. */
function compare(a: PipelineFinding, b: PipelineFinding): number {
  return (a.cell?.index ?? 0) - (b.cell?.index ?? 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function targetsOf(given: Targets): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const name of given.sensitive) targets.set(name, { kind: 'sensitive', sensitive: [name], severity: null });
  for (const proxy of given.proxies ?? []) {
    if (given.sensitive.includes(proxy.column)) continue;
    const known = targets.get(proxy.column);
    if (!known) targets.set(proxy.column, { kind: 'proxy', sensitive: [proxy.sensitive], severity: proxy.severity });
    else if (!known.sensitive.includes(proxy.sensitive)) {
      known.sensitive.push(proxy.sensitive);
      if (proxy.severity === 'strong') known.severity = 'strong';
    }
  }
  return targets;
}

function nameAt(packed: PackedExtraction, index: number): string | null {
  return index === NONE ? null : packed.names[index]!;
}

/** What the finding says of the column; a frame never fitted in the file is not called a model's. */
function findingMessage(column: string, target: Target, namedInput: string | null): string {
  const use = namedInput === null ? 'used as a model feature' : `in \`${namedInput}\`, named like a model's input (no fit of it is seen in this file)`;
  if (target.kind === 'sensitive') return `sensitive attribute \`${column}\` is ${use}`;
  const attributes = target.sensitive.map((s) => `\`${s}\``).join(', ');
  return `\`${column}\` is a ${target.severity === null ? '' : `${target.severity} `}proxy of ${attributes} and is ${use}`;
}

import { closestNames } from '../../engine/schema/suggest';
import type { AuditReport } from '../../../../common/reports/audit';
import { UsageError } from '../../engine/errors';

/**
 * `--fail-if` conditions for CI gates: `METRIC OP NUMBER`, optionally scoped to one grouping
 * (`race:demographic_parity_ratio<0.8`, `race&sex:...` for the intersection). METRIC is an
 * aggregate name (checked in every grouping, or the scoped one) or an overall metric name
 * (`accuracy<0.7`); `large.` in front of an aggregate reads it over the groups of at least
 * --min-group-size rows (`large.demographic_parity_ratio<0.8`). A value that cannot be estimated
 * makes the condition fail too: a gate must not pass because a figure is missing.
 */
export interface Condition {
  text: string;
  grouping: string | undefined;
  metric: string;
  operator: Operator;
  threshold: number;
}

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

const LARGE = 'large.';

const CONDITION = /^\s*(?:([^:<>=!]+):)?\s*((?:large\.)?[a-z0-9_]+)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i;

export function parseCondition(text: string): Condition {
  const match = CONDITION.exec(text);
  if (!match) {
    throw new UsageError(`--fail-if "${text}" is not of the form METRIC OP NUMBER (e.g. "demographic_parity_ratio<0.8")`);
  }
  return {
    text: text.trim(),
    grouping: match[1]?.trim(),
    metric: match[2]!,
    operator: match[3] as Operator,
    threshold: Number(match[4]),
  };
}

export interface ConditionResult {
  condition: Condition;
  /** One line per value that triggered the condition (or could not be evaluated). */
  failures: string[];
}

export function evaluateConditions(report: AuditReport, conditions: readonly Condition[]): ConditionResult[] {
  return conditions.map((condition) => ({ condition, failures: evaluateCondition(report, condition) }));
}

function evaluateCondition(report: AuditReport, condition: Condition): string[] {
  const groupings = report.groupings.filter((g) => condition.grouping === undefined || g.by.join('&') === condition.grouping.replace(/\s+/g, ''));
  if (groupings.length === 0) {
    const names = report.groupings.map((g) => g.by.join('&'));
    throw new UsageError(`--fail-if "${condition.text}": no grouping "${condition.grouping}" (groupings: ${names.join(', ')})`);
  }
  const failures: string[] = [];
  const large = condition.metric.startsWith(LARGE);
  const metric = large ? condition.metric.slice(LARGE.length) : condition.metric;
  const aggregatesOf = (g: (typeof groupings)[number]) => (large ? g.largeGroups.aggregates : g.aggregates);
  const isAggregate = groupings.some((g) => metric in aggregatesOf(g));
  if (large && !isAggregate) throw new UsageError(`--fail-if "${condition.text}": "large." needs an aggregate name, not "${metric}"`);
  for (const grouping of groupings) {
    const values = isAggregate ? aggregatesOf(grouping) : grouping.overall.metrics;
    const notes = isAggregate ? (large ? grouping.largeGroups.notes : grouping.aggregateNotes) : grouping.overall.notes;
    if (!(metric in values)) {
      if (isAggregate) continue;
      const known = [...Object.keys(grouping.aggregates), ...Object.keys(grouping.overall.metrics)];
      const suggestions = closestNames(metric, known);
      throw new UsageError(
        `--fail-if "${condition.text}": unknown metric "${metric}"${suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''}`,
      );
    }
    const value = values[metric];
    const where = isAggregate
      ? `${condition.metric} by ${grouping.by.join(' × ')}${large ? ` (groups of at least ${grouping.largeGroups.minGroupSize} rows${grouping.largeGroups.minLabelCount ? ` and ${grouping.largeGroups.minLabelCount} of each label` : ''})` : ''}`
      : `overall ${condition.metric}`;
    if (value === null || value === undefined) {
      failures.push(`${where} cannot be evaluated: ${notes[metric] ?? 'not estimable'}`);
    } else if (holds(value, condition.operator, condition.threshold)) {
      failures.push(`${where} = ${value.toFixed(4)} ${condition.operator} ${condition.threshold}`);
    }
    if (!isAggregate) break; // the overall metrics are the same in every grouping
  }
  return failures;
}

function holds(value: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

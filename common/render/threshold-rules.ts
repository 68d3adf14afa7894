import type { MitigationReport, ThresholdGroupRule, ThresholdRuleComponent } from '../reports/mitigation';
import { element, text } from './svg';
import { roundSetting } from './tradeoff';

/** One group's rule in words, and why it is unreliable when it was fitted on fewer rows than the minimum group size. */
export interface RuleInWords {
  rule: string;
  warning: string | null;
}

/**
 * The threshold optimizer's fitted rules in words, one line per group ("African-American:
 * decile_score > 6 for 94% of rows, > 5 for the other 6%"), with what a randomized rule means.
 * Null for other methods. The rules are read from the report, so the words show what was fitted.
 */
export function thresholdRulesText(report: MitigationReport): { intro: string; groups: RuleInWords[] } | null {
  const rules = report.parameters['rules'];
  const score = report.columns.score;
  if (report.method !== 'threshold' || !Array.isArray(rules) || !score) return null;
  const minGroupSize = report.parameters['minGroupSize'];
  let randomized = false;
  const groups = rules.flatMap((rule: unknown): RuleInWords[] => {
    const { group, components: all } = (rule ?? {}) as { group?: unknown; components?: unknown };
    // a share of about 1e-15 is the linear program's rounding, not a second cut (cold try 9: "> 3 for 1.5e-13% of rows")
    const components = Array.isArray(all) ? (all as ThresholdRuleComponent[]).filter((c) => !(c.weight < NEGLIGIBLE_SHARE)) : all;
    if (typeof group !== 'string' || !Array.isArray(components) || components.length === 0) return [];
    randomized ||= components.length > 1;
    const warning = typeof minGroupSize === 'number' ? smallRuleWarning(rule as ThresholdGroupRule, minGroupSize) : null;
    const parts = (components as ThresholdRuleComponent[]).map((c, i) => {
      const decision =
        'rate' in c
          ? `positive with probability ${roundSetting(c.rate)} whatever the score`
          : `${i === 0 ? `${score} ` : ''}${cut(c.threshold, c.tieProbability)}`;
      return components.length === 1 ? decision : `${decision} for ${percent(c.weight)} of rows`;
    });
    return [{ rule: `${group}: ${parts.join(', ')}`, warning }];
  });
  if (groups.length === 0) return null;
  return {
    intro: randomized
      ? 'Each group has its own cut on the score. Where a group has two, each of its rows takes one at random with the share shown: mixing two cuts reaches rates that no single cut reaches (Hardt et al., 2016). predictions.csv holds each row’s probability of a positive decision (threshold_probability) and one seeded draw (threshold_prediction).'
      : 'Each group has its own cut on the score.',
    groups,
  };
}

/**
 * Why a group's rule is unreliable ("fitted on 18 rows (5 positive, 13 negative), fewer than 30:
 * this group's cut is unreliable"), when it was fitted on fewer rows than the minimum group size;
 * null otherwise, and for a rule without its row count (reports written before it was recorded).
 */
export function smallRuleWarning(rule: Pick<ThresholdGroupRule, 'rows' | 'positives' | 'negatives'>, minGroupSize: number): string | null {
  if (typeof rule.rows !== 'number' || rule.rows >= minGroupSize) return null;
  const labels = typeof rule.positives === 'number' && typeof rule.negatives === 'number' ? ` (${rule.positives} positive, ${rule.negatives} negative)` : '';
  return `fitted on ${rule.rows} rows${labels}, fewer than ${minGroupSize}: this group's cut is unreliable`;
}

/** A group's rule in one line, its warning after it. */
export function ruleLine(group: RuleInWords): string {
  return group.warning ? `${group.rule} — ${group.warning}` : group.rule;
}

function cut(threshold: number, tieProbability: number): string {
  // 6 significant digits, as the report's before rule: a cut is read, not recomputed
  const at = String(Number(threshold.toPrecision(6)));
  if (tieProbability >= 1) return `≥ ${at}`;
  if (tieProbability <= 0) return `> ${at}`;
  return `> ${at} (at ${at}: positive with probability ${roundSetting(tieProbability)})`;
}

/** Shares of rows below this are no rule a reader should see (one row in a billion). */
const NEGLIGIBLE_SHARE = 1e-9;

function percent(weight: number): string {
  const value = weight * 100;
  return `${value >= 1 && value <= 99 ? Math.round(value) : Number(value.toPrecision(2))}%`;
}

/** The rules in words as markup (the panel and the HTML export), above the settings that list them as numbers; '' for other methods. */
export function thresholdRulesMarkup(report: MitigationReport): string {
  const rules = thresholdRulesText(report);
  if (!rules) return '';
  return (
    element('p', { class: 'note', 'data-testid': 'rules-intro' }, text(rules.intro)) +
    element(
      'ul',
      { class: 'rules', 'data-testid': 'rules' },
      ...rules.groups.map((group) =>
        element(
          'li',
          {},
          text(group.rule),
          group.warning ? ' ' + element('span', { class: 'bad', 'data-testid': 'rule-warning' }, text(`— ${group.warning}`)) : '',
        ),
      ),
    )
  );
}

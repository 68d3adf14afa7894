import * as z from 'zod';
import {
  AUDITED_IN_EDITOR,
  BINS,
  CSV_READING,
  DEFAULT_FEATURES_RULE,
  HELD_OUT,
  LABEL,
  NOT_FEATURES,
  OUTCOME_BOOTSTRAP,
  outputFolderParams,
  POSITIVE_OUTCOME,
  SENSITIVE,
} from '../params/fragments';
import { choice, columns, exactlyOne, file, seed } from '../params/schema';
import { MITIGATIONS } from '../methods/registry';
import { slowNote } from './compare-progress';
import { appliesTo, tasksNote } from '../../../common/method-tasks';

export const FAIRNESS_METRICS = ['demographic_parity_difference', 'equal_opportunity_difference', 'equalized_odds_difference'] as const;

const METHOD_NAMES = MITIGATIONS.map((method) => method.name) as [string, ...string[]];

/** The points are measured on held-out rows: a held-out file, or a share of the training file. */
const HELD_OUT_ROWS = 'held-out rows';

/**
 * The methods compared when none are named: those that apply to a yes/no label, as a comparison's
 * label is (its base model is a logistic regression); a method only for regression labels is left out.
 */
export const DEFAULT_METHODS = MITIGATIONS.filter((method) => appliesTo(method, 'classification')).map((method) => method.name) as [string, ...string[]];

/** The --methods help: the default set, said from the methods' own tasks (no parentheses inside: the editor's placeholder drops "(default: …)"). */
function methodsHelp(): string {
  const left = MITIGATIONS.filter((method) => !DEFAULT_METHODS.includes(method.name));
  const which = left.length === 0 ? 'all of them' : `all but ${left.map((method) => `${method.name}, ${tasksNote(method)}`).join('; ')}`;
  return `methods to compare (default: the methods for a binary label, as the comparison's is: ${which}): ${METHOD_NAMES.join(', ')}`;
}

export const COMPARE_PARAMS = exactlyOne(
  z.strictObject({
    train: file('training file: every method is fitted on it', { title: 'Training file' }),
    test: file('held-out file the points are evaluated on', { title: 'Held-out file', alternative: HELD_OUT_ROWS }).optional(),
    testFraction: HELD_OUT.testFraction.meta({
      ...HELD_OUT.testFraction.meta(),
      alternative: HELD_OUT_ROWS,
      description:
        "instead of a held-out file: this share of the training file's rows, drawn at random (seeded, stratified by label), is held out for the points and never fitted on",
    }),
    splitSeed: HELD_OUT.splitSeed,
    label: LABEL,
    sensitive: SENSITIVE,
    bins: BINS,
    ...POSITIVE_OUTCOME,
    audited: columns(
      `the audited model's score or prediction column(s) in the training file: the base model and every method learn from the default features, ${DEFAULT_FEATURES_RULE}`,
      { title: "Audited model's outputs", advanced: true, editorDescription: AUDITED_IN_EDITOR },
    ).optional(),
    notFeatures: NOT_FEATURES,
    methods: z
      // the editor's list: each method by its title (what a user types to find it), what it does under it
      .array(
        z.enum(METHOD_NAMES).meta({
          labels: Object.fromEntries(MITIGATIONS.map((method) => [method.name, method.title])),
          choices: Object.fromEntries(
            MITIGATIONS.map((method) => {
              const slow = slowNote(method.name);
              return [method.name, `${slow ? `${slow} · ` : ''}${method.description}`];
            }),
          ),
        }),
      )
      .min(1)
      .optional()
      .meta({ metavar: 'M[,M...]', group: 'method', title: 'Methods', description: methodsHelp() }),
    fairnessMetric: choice(
      FAIRNESS_METRICS,
      FAIRNESS_METRICS[0],
      'the fairness measure on the horizontal axis',
      {
        demographic_parity_difference: 'largest gap in selection rates between groups',
        equal_opportunity_difference: 'largest gap in true-positive rates between groups',
        equalized_odds_difference: 'largest gap in true- or false-positive rates between groups',
      },
      { title: 'Fairness measure' },
    ),
    seed: seed(),
    bootstrap: OUTCOME_BOOTSTRAP.meta({
      ...OUTCOME_BOOTSTRAP.meta(),
      description:
        "bootstrap resamples for the intervals of the Pareto-optimal points and the unmitigated model, and of every method's before/after figures (0 = none), seeded with --seed",
      editorDescription: "resamples for the intervals of every method's figures (0: none)",
    }),
    ...outputFolderParams('output directory (default: next to the training file)'),
    format: z.enum(['table', 'json']).default('table').meta({ metavar: 'table|json', group: 'output', cliOnly: true, description: 'what to print' }),
    ...CSV_READING,
  }),
  ['test', 'testFraction'],
);

export type CompareParams = z.output<typeof COMPARE_PARAMS>;
/** What a caller may leave out (the defaults fill it in). */
export type CompareInput = z.input<typeof COMPARE_PARAMS>;

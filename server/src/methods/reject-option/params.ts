import * as z from 'zod';
import { mitigationOutput, SCORED_DATA_HELD_OUT } from '../../params/fragments';
import { file, sweep, values } from '../../params/schema';
import { BOOTSTRAPPED_SWEEP_POINTS } from '../framework/split-report';
import { scoreOrLogistic } from '../framework/base-logistic-params';

/** A score, or none: then a logistic regression of the label on the features is fitted on the rows the band is chosen on, and its scores are used. */
export const REJECT_OPTION_PARAMS = z.strictObject({
  ...SCORED_DATA_HELD_OUT,
  ...scoreOrLogistic(),
  calibration: file(
    "labelled file with the same columns the privileged groups and band are fitted on (default: the data file's rows not held out; without held-out rows the figures are then in-sample)",
    { title: 'Calibration file', advanced: true, editorDescription: 'labelled file the band is fitted on (default: the rows not held out)' },
  ).optional(),
  privileged: values(
    'groups that get the negative decision inside the band, every other group the positive one; one per flag (repeatable; default: each group whose selection rate at the threshold is above the overall rate, else the one with the highest)',
    {
      group: 'method',
      title: 'Privileged groups',
      // none ticked: the default, those selected more often than overall
      editorDescription: 'groups refused inside the band; none ticked: the favoured',
    },
  ).optional(),
  threshold: z.number().default(0.5).meta({ metavar: 'T', group: 'method', title: 'Decision threshold', description: 'decision threshold on the score' }),
  band: z.number().min(0).optional().meta({
    metavar: 'W',
    group: 'method',
    strength: true,
    title: 'Band half-width',
    description: 'half-width of the critical region |score − T| ≤ W (default: searched)',
  }),
  bound: z.number().min(0).max(1).default(0.05).meta({
    metavar: 'B',
    group: 'method',
    title: 'Largest demographic-parity gap',
    description: 'with the search: largest acceptable demographic-parity difference',
  }),
  sweep: sweep(
    `also record every searched band width (parameter "band"); with --bootstrap, ${BOOTSTRAPPED_SWEEP_POINTS} evenly spaced bands and the chosen one get intervals and a paired change (the others: point estimates)`,
  ),
  ...mitigationOutput('data'),
});

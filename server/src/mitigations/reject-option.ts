import { performance } from 'node:perf_hooks';
import { numberFlag, SHARED_FLAGS, stringFlag } from '../cli/args';
import { InputError, throwIfAborted } from '../engine/errors';
import { candidateBands, chooseBand, mostFavoured, RejectOptionRule, rejectOptionDecisions } from '../engine/methods/reject-option/reject-option';
import { summarizeOutcomes } from '../engine/mitigation/outcomes';
import { writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile } from '../engine/mitigation/report';
import { groupColumn, numericColumn } from '../engine/table/table';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags, SCORED_DATA_FLAGS } from './command';
import { loadScoredData, scoredDataFlags } from './scored-data';

interface RejectOptionModel extends ModelFile, RejectOptionRule {
  method: 'reject-option';
  score: string;
  sensitive: string[];
}

export const rejectOption: MitigationCommand = {
  name: 'reject-option',
  summary: 'near the threshold, decides in favour of the unprivileged groups (Kamiran et al. 2012)',
  usage: 'parity mitigate reject-option --data FILE --score C --label C --sensitive C[,C...] [options]',
  kind: 'post-processing',
  input: 'model-output',
  flags: {
    ...SCORED_DATA_FLAGS,
    privileged: { type: 'string', help: 'V', describe: 'the privileged group (default: the one with the highest selection rate at the threshold)' },
    threshold: { type: 'string', help: 'T', describe: 'decision threshold on the score (default 0.5)' },
    band: { type: 'string', help: 'W', describe: 'half-width of the critical region |score − T| ≤ W (default: searched)' },
    bound: { type: 'string', help: 'B', describe: 'with the search: largest acceptable demographic-parity difference (default 0.05)' },
    sweep: { ...SHARED_FLAGS.sweep, describe: 'also record every searched band width (parameter "band")' },
    ...mitigationOutputFlags('data'),
  },

  async run(values, hooks) {
    const started = performance.now();
    const flags = scoredDataFlags(values);
    const { dataFile, scoreColumn, label, sensitive } = flags;
    const loaded = await loadScoredData(flags, values, hooks);
    const { data, scores, groups } = loaded;
    const labels = loaded.labels.values;
    const threshold = numberFlag(values, 'threshold') ?? 0.5;
    const privileged = stringFlag(values, 'privileged') ?? mostFavoured(scores, groups, threshold);
    if (!groups.includes(privileged)) throw new InputError(`no row has the privileged group "${privileged}"`, { file: data.file, column: sensitive.join(', ') });
    const bound = numberFlag(values, 'bound', (b) => b >= 0 && b <= 1, 'a number in [0, 1]') ?? 0.05;
    const summarize = (band: number) => {
      const predictions = rejectOptionDecisions({ threshold, band, privileged }, scores, groups);
      return { predictions, summary: summarizeOutcomes({ task: 'classification', labels, predictions, scores, groups }) };
    };
    const given = numberFlag(values, 'band', (w) => w >= 0, 'a non-negative number');
    const searched = given === undefined || values.sweep === true ? candidateBands(scores, threshold).map((band, k, all) => {
            throwIfAborted(hooks.signal);
            hooks.onProgress?.({ fraction: k / all.length, message: `band ${k + 1} of ${all.length}` });
            return { band, summary: summarize(band).summary };
          }) : [];
    const band =
      given ??
      chooseBand(
        searched.map(({ band, summary }) => ({ band, accuracy: summary.accuracy ?? 0, gap: summary.aggregates['demographic_parity_difference'] ?? Number.POSITIVE_INFINITY })),
        bound,
      );
    const after = summarize(band);
    const model: RejectOptionModel = { schemaVersion: MITIGATION_SCHEMA_VERSION, method: 'reject-option', score: scoreColumn, sensitive, threshold, band, privileged };
    return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(dataFile, 'reject-option'), {
      table: data,
      added: [{ name: 'reject_option_prediction', values: after.predictions }],
      model,
      report: {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: 'reject-option',
        kind: 'post-processing',
        task: 'classification',
        inputs: { data: dataFile },
        columns: { label, sensitive, prediction: null, score: scoreColumn },
        parameters: { threshold, band, privileged, bound, bandSearched: given === undefined },
        evaluatedOn: 'data',
        before: summarize(0).summary,
        after: after.summary,
        tradeoff: values.sweep === true ? searched.map(({ band: b, summary }) => ({ parameter: 'band', value: b, accuracy: summary.accuracy ?? null, aggregates: summary.aggregates })) : [],
        seconds: (performance.now() - started) / 1000,
        warnings: [],
      },
    });
  },

  async apply(model, file, values, hooks) {
    const fitted = model as RejectOptionModel;
    if (typeof fitted.band !== 'number' || typeof fitted.privileged !== 'string') throw new InputError('model.json of reject-option lacks its band or privileged group', { file });
    return applyToFile('reject-option', file, values, hooks, (table) => [
      { name: 'reject_option_prediction', values: rejectOptionDecisions(fitted, numericColumn(table, fitted.score), groupColumn(table, fitted.sensitive)) },
    ]);
  },
};

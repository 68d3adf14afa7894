import { performance } from 'node:perf_hooks';
import { InputError, throwIfAborted } from '../../engine/errors';
import { candidateBands, chooseBand, mostFavoured, RejectOptionRule, rejectOptionDecisions } from './reject-option';
import { summarizeOutcomes } from '../../engine/audit/outcomes';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile } from '../../../../common/reports/mitigation';
import { groupColumn, numericColumn } from '../../engine/table/table';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { loadScoredData } from '../framework/scored-data';
import { REJECT_OPTION_PARAMS } from './params';
import { REJECT_OPTION_MODEL } from './model-file';

interface RejectOptionModel extends ModelFile, RejectOptionRule {
  method: 'reject-option';
  score: string;
  sensitive: string[];
}

export const rejectOption = defineMitigation({
  name: 'reject-option',
  title: 'Reject option classification',
  summary: 'near the threshold, decides in favour of the unprivileged groups (Kamiran et al. 2012)',
  description:
    "Post-processes a model's scores: for people whose score is close to the decision threshold (where the model is least sure), decides in favour of the unprivileged groups and against the privileged one. The width of that band is searched so the demographic-parity gap falls under a bound.",
  kind: 'post-processing',
  input: 'model-output',
  params: REJECT_OPTION_PARAMS,
  modelSchema: REJECT_OPTION_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { data: dataFile, score: scoreColumn, label, sensitive, threshold, bound } = params;
    const loaded = await loadScoredData(params, hooks);
    const { data, scores, groups } = loaded;
    const labels = loaded.labels.values;
    const privileged = params.privileged ?? mostFavoured(scores, groups, threshold);
    if (!groups.includes(privileged)) throw new InputError(`no row has the privileged group "${privileged}"`, { file: data.file, column: sensitive.join(', ') });
    const summarize = (band: number) => {
      const predictions = rejectOptionDecisions({ threshold, band, privileged }, scores, groups);
      return { predictions, summary: summarizeOutcomes({ task: 'classification', labels, predictions, scores, groups }) };
    };
    const given = params.band;
    const searched = given === undefined || params.sweep ? candidateBands(scores, threshold).map((band, k, all) => {
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
    return writeMitigationOutput(outputFolder(params, defaultOutDir(dataFile, 'reject-option')), {
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
        tradeoff: params.sweep ? searched.map(({ band: b, summary }) => ({ parameter: 'band', value: b, accuracy: summary.accuracy ?? null, aggregates: summary.aggregates })) : [],
        seconds: (performance.now() - started) / 1000,
        warnings: [],
      },
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as RejectOptionModel;
    if (typeof fitted.band !== 'number' || typeof fitted.privileged !== 'string') throw new InputError('model.json of reject-option lacks its band or privileged group', { file });
    return applyToFile('reject-option', file, options, hooks, (table) => [
      { name: 'reject_option_prediction', values: rejectOptionDecisions(fitted, numericColumn(table, fitted.score), groupColumn(table, fitted.sensitive)) },
    ]);
  },
});

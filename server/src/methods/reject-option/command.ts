import { performance } from 'node:perf_hooks';
import { InputError, throwIfAborted } from '../../engine/errors';
import { candidateBands, chooseBand, defaultPrivileged, RejectOptionRule, rejectOptionDecisions } from './reject-option';
import { outcomeChange } from '../../engine/audit/change';
import { ClassificationOutcomes, OutcomeEvaluation, outcomeSettings, outcomeSummaries } from '../../engine/audit/outcomes';
import { outcomeEvaluation } from '../../params/fragments';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MITIGATION_SCHEMA_VERSION, ModelFile } from '../../../../common/reports/mitigation';
import { sensitiveGroupCodes, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { numericColumn } from '../../engine/table/table';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { loadScoredOrFitted, scoredReportColumns, ScoredData } from '../framework/scored-data';
import { baseScores, type BaseLogistic } from '../framework/base-logistic';
import { REJECT_OPTION_PARAMS } from './params';
import { REJECT_OPTION_MODEL } from './model-file';
import { bootstrapsSweepPoint, POINT_ESTIMATES, sweepPoint } from '../framework/split-report';
import { withoutScoreDistances } from '../framework/decision-only';
import { CONSTRAINED_GAP, directBound } from '../framework/fitting-rows';

interface RejectOptionModel extends ModelFile, Omit<RejectOptionRule, 'privileged'> {
  method: 'reject-option';
  /** One name in model files written before several privileged groups. */
  privileged: string | string[];
  /** The score column, or null beside the base model whose scores are decided on. */
  score: string | null;
  base?: BaseLogistic;
  sensitive: string[];
  bins?: SensitiveBins;
}

export const rejectOption = defineMitigation({
  name: 'reject-option',
  title: 'Reject option classification',
  summary: 'near the threshold, decides in favour of the unprivileged groups (Kamiran et al. 2012)',
  description: 'Near the threshold, favours unprivileged groups',
  kind: 'post-processing',
  tasks: ['classification'],
  input: 'model-output',
  baseModel: { task: 'classification', description: 'fits a logistic regression on this file’s columns' },
  params: REJECT_OPTION_PARAMS,
  modelSchema: REJECT_OPTION_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { data: dataFile, calibration: calibrationFile, score: scoreColumn, sensitive, threshold, bound } = params;
    // The privileged groups and the band are chosen on the calibration rows, else the data rows not held out; every figure is computed on the held-out rows, else the data rows.
    // Without a score, so is the logistic regression whose scores are decided on.
    const { fitting, bins, evaluation: loaded, measuredOn, inputs, base } = await loadScoredOrFitted(params, hooks);
    const { data } = loaded;
    const privileged = params.privileged ?? defaultPrivileged(fitting.scores, fitting.groups, threshold);
    const unknown = privileged.filter((group) => !fitting.groups.names.includes(group));
    if (unknown.length > 0)
      throw new InputError(
        `no row has the privileged group${unknown.length > 1 ? 's' : ''} ${unknown.map((group) => `"${group}"`).join(', ')}; the groups are ${fitting.groups.names.map((group) => `"${group}"`).join(', ')}`,
        { file: fitting.data.file, column: sensitive.join(', ') },
      );
    // The decisions of a band on a set of rows, and their summary (the rows' sorted scores built once for every band).
    const bandDecisions = (rows: ScoredData) => {
      const summarizeDecisions = outcomeSummaries({ labels: rows.labels.values, scores: rows.scores, groups: rows.groups });
      const decide = (band: number) => {
        const predictions = rejectOptionDecisions({ threshold, band, privileged }, rows.scores, rows.groups);
        const outcomes: ClassificationOutcomes = { task: 'classification', labels: rows.labels.values, predictions, scores: rows.scores, groups: rows.groups };
        return { predictions, outcomes, summarize: (evaluation: OutcomeEvaluation) => summarizeDecisions(predictions, evaluation) };
      };
      return Object.assign(decide, { kept: summarizeDecisions.kept });
    };
    const decide = bandDecisions(loaded);
    const decideFitting = fitting === loaded ? decide : bandDecisions(fitting);
    const evaluation = outcomeEvaluation(params);
    // with the bootstrap, the sweep's points take most of the time: the band search reports the first 30%
    const searchShare = params.sweep && outcomeSettings(evaluation).bootstrap > 0 ? 0.3 : 1;
    const given = params.band;
    const bands = given === undefined || params.sweep ? candidateBands(fitting.scores, threshold) : [];
    const onFitting = bands.map((b, k) => {
      throwIfAborted(hooks.signal);
      hooks.onProgress?.({ fraction: (searchShare * k) / bands.length, message: `band ${k + 1} of ${bands.length}` });
      return decideFitting(b).summarize(POINT_ESTIMATES);
    });
    const band =
      given ??
      chooseBand(
        bands.map((b, k) => ({
          band: b,
          accuracy: onFitting[k]!.accuracy ?? 0,
          gap: onFitting[k]!.aggregates[CONSTRAINED_GAP['demographic-parity']] ?? Number.POSITIVE_INFINITY,
        })),
        bound,
      );
    const afterDecisions = decide(band);
    const after = { ...afterDecisions, summary: afterDecisions.summarize(evaluation) };
    const beforeDecisions = decide(0);
    const before = { ...beforeDecisions, summary: beforeDecisions.summarize(evaluation) };
    const beforeFigures = { outcomes: before.outcomes, summary: before.summary, evaluation, segments: decide.kept };
    const own = bands.indexOf(band);
    const tradeoff = params.sweep
      ? bands.map((b, k) => {
          throwIfAborted(hooks.signal);
          if (searchShare < 1)
            hooks.onProgress?.({ fraction: searchShare + ((1 - searchShare) * k) / bands.length, message: `sweep: band ${k + 1} of ${bands.length}` });
          const decision = decide(b);
          // the band search's point estimates are this band's on the same rows
          const summarize = (e: OutcomeEvaluation) => (fitting === loaded && outcomeSettings(e).bootstrap === 0 ? onFitting[k]! : decision.summarize(e));
          const baseline = bootstrapsSweepPoint(k, bands.length, own) ? beforeFigures : { ...beforeFigures, evaluation: POINT_ESTIMATES };
          return sweepPoint('band', b, { outcomes: decision.outcomes, summarize }, baseline);
        })
      : [];
    const model: RejectOptionModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'reject-option',
      score: scoreColumn ?? null,
      ...(base ? { base: base.base } : {}),
      sensitive,
      bins,
      threshold,
      band,
      privileged,
    };
    return writeMitigationOutput(outputFolder(params, defaultOutDir(dataFile, 'reject-option')), {
      table: data,
      added: [
        // the base model's scores, which the band decides on
        ...(base ? [{ name: 'reject_option_score', values: loaded.scores }] : []),
        { name: 'reject_option_prediction', values: after.predictions },
      ],
      model,
      // the rule reads the input's scores unchanged: its decision has no scores of its own to compare
      report: withoutScoreDistances({
        schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
        method: 'reject-option',
        kind: 'post-processing',
        task: 'classification',
        inputs,
        columns: scoredReportColumns(params, loaded.labels.positive, bins),
        ...(base ? { features: base.features.features } : {}),
        parameters: {
          ...(base ? { model: 'logistic regression', trainingRows: fitting.data.rowCount } : {}),
          threshold,
          band,
          privilegedGroups: privileged,
          bound,
          bandSearched: given === undefined,
          fittedOn: calibrationFile ? 'calibration' : 'data',
        },
        evaluatedOn: measuredOn.kind,
        measuredOn,
        baseline: base
          ? `a logistic regression fitted on the training rows; its decisions at the threshold ${threshold}, without a band (band 0)`
          : `the decisions of ${scoreColumn} at the threshold ${threshold}, without a band (band 0)`,
        before: before.summary,
        after: after.summary,
        // the searched band on the rows it was chosen on, when the figures are measured on others: where the bound holds
        ...(given === undefined && fitting !== loaded
          ? {
              onFittingRows: {
                rows: onFitting[own]!.rows,
                aggregates: onFitting[own]!.aggregates,
                bound: directBound(CONSTRAINED_GAP['demographic-parity'], 'bound', bound, 'the band was chosen on'),
              },
            }
          : {}),
        change: outcomeChange({ before: before.outcomes, after: after.outcomes }, { before: before.summary, after: after.summary }, evaluation, decide.kept),
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings: base?.features.featureWarnings ?? [],
      }),
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as RejectOptionModel;
    if (typeof fitted.band !== 'number' || (typeof fitted.privileged !== 'string' && !Array.isArray(fitted.privileged)))
      throw new InputError('model.json of reject-option lacks its band or privileged groups', { file });
    const rule = { ...fitted, privileged: typeof fitted.privileged === 'string' ? [fitted.privileged] : fitted.privileged };
    if (!fitted.base && !fitted.score) throw new InputError('model.json of reject-option names no score column and has no base model', { file });
    return applyToFile('reject-option', file, options, hooks, (table) => {
      const scores = fitted.base ? baseScores(fitted.base, table) : numericColumn(table, fitted.score!);
      return [
        ...(fitted.base ? [{ name: 'reject_option_score', values: scores }] : []),
        { name: 'reject_option_prediction', values: rejectOptionDecisions(rule, scores, sensitiveGroupCodes(table, fitted.sensitive, fitted.bins ?? {})) },
      ];
    });
  },
});

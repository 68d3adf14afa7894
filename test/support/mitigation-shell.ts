// A hand-made mitigation report's fixed parts (files, columns of a binary label, no sweep), for
// tests that set only the figures they check: render, Chromium and engine tests share it.
import type { MitigationReport } from '../../common/reports/mitigation';

type Figures = Pick<MitigationReport, 'method' | 'kind' | 'before' | 'after'>;

/** A classification run on /data/adult.csv (label income, sensitive sex) writing to /out, with `fields` over it. */
export function mitigationShell(fields: Figures & Partial<MitigationReport>): MitigationReport {
  return {
    schemaVersion: 2,
    task: 'classification',
    files: { inputs: { train: '/data/adult.csv' }, predictions: '/out/predictions.csv', model: '/out/model.json', report: '/out/report.json' },
    columns: { label: 'income', sensitive: ['sex'], prediction: null, score: null, added: [] },
    parameters: {},
    evaluatedOn: 'test',
    tradeoff: [],
    seconds: 1,
    warnings: [],
    ...fields,
  };
}

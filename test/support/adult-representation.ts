import { everyColumnBut, featureNames, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { seededRandom, shuffleInPlace } from '../../server/src/engine/numerics/random';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';
import { networkOf, represent, sparseRows } from '../../server/src/methods/representation/model';
import { DEFAULT_PENALTY } from '../../server/src/methods/representation/penalty';
import { parseTaskSpec, taskLabels } from '../../server/src/methods/representation/tasks';
import { trainRepresentation, TRAINING_DEFAULTS } from '../../server/src/methods/representation/train';
import { adultCsvFiles } from './adult';

/**
 * Pairs of clouds shaped like the Sinkhorn penalty's inputs in training, from adult.data only: the
 * representation of a λ = 0 network (shipped architecture and training, tasks income>50K and
 * hours-per-week>40, sensitive sex, age left out as in the Adult test whose transfer task it is,
 * training seed 0), cut into `count` stratified batches of 256 rows (each group in its share),
 * the rows drawn with `batchSeed`. Returns [women, men] clouds per batch, 16 values a row.
 */
export async function adultRepresentationBatches(count: number, batchSeed: number): Promise<{ dim: number; batches: [Float64Array, Float64Array][] }> {
  const { train: trainFile } = await adultCsvFiles();
  const train = await loadTable(trainFile);
  const tasks = ['income=>50K', 'hours-per-week>40'].map((text) => taskLabels(train, parseTaskSpec(text)).values);
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['sex', 'income', 'hours-per-week', 'age']));
  const rows = sparseRows(encoding, train);
  const names = sensitiveGroupColumn(train, ['sex'], {});
  const groupNames = [...new Set(names)].sort();
  const groups = Int32Array.from(names, (g) => groupNames.indexOf(g));
  const dim = TRAINING_DEFAULTS.dim;
  const net = trainRepresentation(rows, featureNames(encoding).length, tasks, groups, 2, {
    ...TRAINING_DEFAULTS,
    lambda: 0,
    penalty: { kind: 'sinkhorn', ...DEFAULT_PENALTY },
    seed: 0,
  });
  const { z } = represent(
    networkOf({ encoding, tasks: [], penalty: 'sinkhorn', lambda: 0, inputs: featureNames(encoding).length, dim, params: [...net.params] }),
    rows,
  );
  const random = seededRandom(batchSeed);
  const members = groupNames.map((_, g) =>
    shuffleInPlace(
      Array.from(groups.keys()).filter((i) => groups[i] === g),
      random,
    ),
  );
  const batches = Array.from({ length: count }, (_, b) => {
    const [first, second] = members.map((list) => {
      const take = Math.round((256 * list.length) / rows.length);
      const cloud = new Float64Array(take * dim);
      for (let r = 0; r < take; r++) cloud.set(z.subarray(list[b * take + r]! * dim, list[b * take + r]! * dim + dim), r * dim);
      return cloud;
    });
    return [first!, second!] as [Float64Array, Float64Array];
  });
  return { dim, batches };
}

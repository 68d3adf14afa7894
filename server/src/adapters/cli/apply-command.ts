import { InputError } from '../../engine/errors';
import { MITIGATION_SCHEMA_VERSION, ModelFile } from '../../../../common/reports/mitigation';
import { loadMitigation } from '../../methods/loaders';
import * as z from 'zod';
import { UsageError } from '../../engine/errors';
import { csvOptions, CSV_READING, SAFE_CSV } from '../../params/fragments';
import { DATA_FORMATS, defaultApplyOut } from '../../methods/command';
import { outputFileFormat } from '../../io/output';
import { checkOutputs } from '../../io/outputs/guard';
import { readBoundedFile } from '../../io/bounded-file';
import { checkModel } from '../../methods/framework/model-file';
import { helpText, parseCommandLine } from './flags';
import { printOut } from './terminal';

export const APPLY_USAGE = 'parity apply MODEL.json FILE [options]';
const APPLY_SUMMARY = `Applies a fitted mitigation (the model.json of a \`parity mitigate\` run) to a new file, writing a new
file in its format. ${DATA_FORMATS}`;

const APPLY_PARAMS = z.strictObject({
  out: z.string().min(1).optional().meta({
    metavar: 'PATH',
    group: 'output',
    description: "output file in FILE's format (default: FILE with the method name appended); replaced whole, never an input",
  }),
  safeCsv: SAFE_CSV,
  ...CSV_READING,
});

export async function applyCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(argv, APPLY_PARAMS);
  if (line.help) {
    printOut(helpText(APPLY_USAGE, APPLY_SUMMARY, APPLY_PARAMS) + '\n');
    return 0;
  }
  const { params, positionals } = line;
  if (positionals.length !== 2) throw new UsageError('expected MODEL.json and FILE');
  const [modelPath, file] = positionals as [string, string];
  const model = await readModel(modelPath);
  const method = await loadMitigation(model.method);
  if (!method?.apply || !method.modelSchema) throw new InputError(`method "${model.method}" cannot be applied to new files`, { file: modelPath });
  const checked = checkModel(method.modelSchema, model, modelPath) as ModelFile;
  const out = params.out ?? defaultApplyOut(file, method.name);
  // An --out named for another format is refused before any work.
  outputFileFormat(out, file);
  await checkOutputs([modelPath, file], [{ path: out, kind: 'file' }]);
  const result = await method.apply(checked, file, { out, csv: csvOptions(params), modelFile: modelPath, safeCsv: params.safeCsv }, { signal });
  printOut(`wrote ${result.written} (${result.rows} rows)\n`);
  return 0;
}

/** The largest model.json read (a Wasserstein map of a 10-million-row calibration file is about 200 MB). */
export const MAX_MODEL_BYTES = 256 * 2 ** 20;

async function readModel(file: string): Promise<ModelFile> {
  const text = await readBoundedFile(file, MAX_MODEL_BYTES, 'the model file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not a readable model.json: ${(error as Error).message}`, { file });
  }
  const model = parsed as Partial<ModelFile> | null;
  if (typeof model !== 'object' || model === null || typeof model.method !== 'string') throw new InputError('not a Parity model.json (no "method")', { file });
  if (model.schemaVersion !== MITIGATION_SCHEMA_VERSION) {
    throw new InputError(`model.json schema version ${String(model.schemaVersion)} is not supported (expected ${MITIGATION_SCHEMA_VERSION})`, { file });
  }
  return model as ModelFile;
}

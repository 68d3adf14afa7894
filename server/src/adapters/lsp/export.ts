import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { ExportParams } from '../../../../common/protocol';
import { InputError } from '../../engine/errors';
import { localFileOf } from '../../io/location';
import { writeTextOutput } from '../../io/output';

/** Writes an exported report through the output guard (never over an input, atomically). */
export async function writeExport(params: ExportParams): Promise<void> {
  let file: string;
  try {
    file = fileURLToPath(params.uri);
  } catch {
    throw new ResponseError(ErrorCodes.InvalidParams, `not a file on disk: ${params.uri}`);
  }
  try {
    // An audit's source may be a database: its local file (DuckDB) is guarded, a server is not a file.
    await writeTextOutput(file, params.text, params.inputs.flatMap(localFileOf));
  } catch (error) {
    if (error instanceof InputError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw error;
  }
}

import type { MitigationHooks, MitigationReport } from '../../common/reports/mitigation';
import { parseCommandLine } from '../../server/src/adapters/cli/flags';
import type { AnyMitigationCommand } from '../../server/src/methods/command';

/**
 * Runs a method as `parity mitigate NAME --flag value ...` would: the flags (named as on the
 * command line) go through the same parsing and validation as the CLI's; a list is a flag given once per item.
 */
export function runWithFlags(
  method: AnyMitigationCommand,
  flags: Record<string, string | readonly string[] | boolean | undefined>,
  hooks: MitigationHooks = {},
): Promise<MitigationReport> {
  const argv = Object.entries(flags).flatMap(([flag, value]) =>
    value === true
      ? [`--${flag}`]
      : value === false || value === undefined
        ? []
        : typeof value === 'string'
          ? [`--${flag}`, value]
          : value.flatMap((v) => [`--${flag}`, v]),
  );
  const line = parseCommandLine(argv, method.params);
  if (line.help) throw new Error('unexpected --help');
  return method.run(line.params, hooks);
}

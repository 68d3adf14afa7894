import { setFlagsFromString } from 'node:v8';
import { CancelledError, InputError, UsageError } from '../../engine/errors';
import { printError, printOut } from './terminal';

// Memory (issue 21, bench/mitigate-memory.ts). V8's young generation stays at its first 1 MB
// semi-spaces instead of growing to 16 MB ones (32 MB resident) once a large file is read: the
// 2M-row threshold run peaks at 116-121 MiB instead of 154, the audit of that file at 120-124 MiB
// instead of 153, with no measurable CPU cost (user time 6.8-7.7 s against 7.1-7.4, 2.4 s against
// 2.2-2.8; `compare` on COMPAS 8.2-8.4 s against 8.7-8.9, its workers included). HiGHS's
// WebAssembly (the threshold optimizer's linear programs, solved in milliseconds) runs as
// Liftoff's baseline code: a solve cost 36 MB with TurboFan's optimized code, 8 with Liftoff's.
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--liftoff-only');

interface Command {
  usage: string;
  run: (argv: readonly string[], signal: AbortSignal) => Promise<number>;
}

/**
 * Each command's module is evaluated when it runs: `parity mitigate threshold` does not evaluate
 * the audit's, the leakage's or the comparison's code; the database clients, Arrow and HiGHS are
 * files of their own (scripts/build.mjs). The CLI starts at 46 MiB instead of 62 (bare Node 40).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  audit: {
    summary: 'group-fairness audit of a dataset or model-output CSV',
    load: async () => {
      const { AUDIT_USAGE, auditCommand } = await import('./audit-command.js');
      return { usage: AUDIT_USAGE, run: auditCommand };
    },
  },
  mitigate: {
    summary: "run a mitigation method; writes predictions (in the input's format), model.json, report.json",
    load: async () => {
      const { MITIGATE_USAGE, mitigateCommand } = await import('./mitigate-command.js');
      return { usage: MITIGATE_USAGE, run: mitigateCommand };
    },
  },
  leakage: {
    summary: 'find columns that act as proxies of the sensitive attributes',
    load: async () => {
      const { LEAKAGE_USAGE, leakageCommand } = await import('./leakage-command.js');
      return { usage: LEAKAGE_USAGE, run: leakageCommand };
    },
  },
  compare: {
    summary: 'run every mitigation on one split; trade-off points and Pareto front',
    load: async () => {
      const { COMPARE_USAGE, compareCommand } = await import('./compare-command.js');
      return { usage: COMPARE_USAGE, run: compareCommand };
    },
  },
  apply: {
    summary: 'apply a fitted mitigation (model.json) to a new data file',
    load: async () => {
      const { APPLY_USAGE, applyCommand } = await import('./apply-command.js');
      return { usage: APPLY_USAGE, run: applyCommand };
    },
  },
};

function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'usage: parity <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    "Run 'parity <command> --help' for a command's options.",
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printOut(topLevelHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    printError(`parity: unknown command "${name}"`, ...topLevelHelp().split('\n'));
    return 2;
  }
  const command = await entry.load();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    return await command.run(rest, controller.signal);
  } catch (error) {
    if (error instanceof InputError) {
      printError(`parity: error: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      printError(`parity: ${error.message.replace(/\s*\n\s*/g, ' ')} (usage: ${command.usage}; see --help)`);
      return 2;
    }
    if (error instanceof CancelledError) {
      process.stderr.write('parity: cancelled\n');
      return 130;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`parity: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  },
);

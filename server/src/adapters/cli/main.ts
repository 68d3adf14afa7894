import { CancelledError, InputError, UsageError } from '../../engine/errors';
import { APPLY_USAGE, applyCommand } from './apply-command';
import { AUDIT_USAGE, auditCommand } from './audit-command';
import { COMPARE_USAGE, compareCommand } from './compare-command';
import { LEAKAGE_USAGE, leakageCommand } from './leakage-command';
import { MITIGATE_USAGE, mitigateCommand } from './mitigate-command';
import { printError, printOut } from './terminal';

const COMMANDS: Record<string, { usage: string; summary: string; run: (argv: readonly string[], signal: AbortSignal) => Promise<number> }> = {
  audit: { usage: AUDIT_USAGE, summary: 'group-fairness audit of a dataset or model-output CSV', run: auditCommand },
  mitigate: {
    usage: MITIGATE_USAGE,
    summary: "run a mitigation method; writes predictions (in the input's format), model.json, report.json",
    run: mitigateCommand,
  },
  leakage: { usage: LEAKAGE_USAGE, summary: 'find columns that act as proxies of the sensitive attributes', run: leakageCommand },
  compare: { usage: COMPARE_USAGE, summary: 'run every mitigation on one split; trade-off points and Pareto front', run: compareCommand },
  apply: { usage: APPLY_USAGE, summary: 'apply a fitted mitigation (model.json) to a new data file', run: applyCommand },
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
  const command = COMMANDS[name];
  if (!command) {
    printError(`parity: unknown command "${name}"`, ...topLevelHelp().split('\n'));
    return 2;
  }
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

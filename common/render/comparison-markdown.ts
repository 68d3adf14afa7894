import type { ComparisonView } from '../protocol';
import { comparisonTable, intervalsNote, protocolNote } from './comparison-table';
import { escape, markdownTable } from './markdown';

/**
 * A comparison in Markdown (for a pull request or a notebook): what was compared and on which rows,
 * every method and setting with its intervals, as the HTML export's table has them (gaps over all
 * groups and over those of adequate size side by side); the plot is in the panel and the HTML.
 */
export function formatComparisonMarkdown(comparison: ComparisonView): string {
  const notes = [protocolNote(comparison), intervalsNote(comparison, true)].filter(Boolean);
  const lines = [
    `# ${escape(comparison.title)}`,
    '',
    ...(comparison.sharedRows ? [`**${escape(comparison.sharedRows)}**`, ''] : []),
    ...(comparison.failed ?? []).map((f) => `- ${escape(`${f.method} failed: ${f.error}`)}`),
    ...(comparison.unplotted ?? []).map((u) => `- ${escape(`${u.reason}.`)}`),
    ...((comparison.failed?.length ?? 0) + (comparison.unplotted?.length ?? 0) > 0 ? [''] : []),
    ...notes.flatMap((note) => [escape(note), '']),
    '## Every method and setting',
    '',
    ...markdownTable(comparisonTable(comparison, true)),
    '',
    'The trade-off plot is in the panel and the HTML export; comparison.json has every figure.',
  ];
  return `${lines.join('\n')}\n`;
}

import { readFileSync } from 'node:fs';

/** /proc reports CPU times in USER_HZ ticks, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the calling thread has used, or null where /proc/thread-self is
 * missing (not Linux). process.cpuUsage() would count every thread of the process, so two jobs in
 * two worker threads could not be told apart.
 */
export function threadCpuSeconds(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the parenthesized command name: state, ppid, ... utime (11th), stime (12th).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : null;
}

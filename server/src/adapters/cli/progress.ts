import type { AuditProgress } from '../../engine/audit/options';
import { sanitize } from '../../../../common/render/text';

/** Progress on standard error, only when it is a terminal, at most a few times a second. */
export function progressReporter(file: string): { update: (p: AuditProgress) => void; done: () => void } {
  const terminal = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (!terminal || now - last < 250) return;
      last = now;
      shown = true;
      const rows = `${progress.rows.toLocaleString('en-US')} rows`;
      // Sources of unknown size (databases, Parquet) show the rows alone.
      const done = progress.byteSize > 0 ? `${Math.floor((100 * progress.bytesRead) / progress.byteSize)}% (${rows})` : rows;
      process.stderr.write(`\rparity: auditing ${sanitize(file)}: ${done}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

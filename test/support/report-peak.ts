// Preloaded (`node -r`) into a measured process: when it exits, it writes its peak resident
// memory in MB (getrusage maxRSS: the whole process, worker threads included) to the file named
// by PARITY_PEAK_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.PARITY_PEAK_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS / 1024)));

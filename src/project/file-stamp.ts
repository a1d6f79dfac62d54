import { statSync } from 'node:fs';

/** A cheap stamp of a file's content: its size and modification time, or 'absent'. */
export function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

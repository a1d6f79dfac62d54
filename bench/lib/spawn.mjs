import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a command to completion and measures its wall time in this process (spawn → exit).
 * With `rss: true` the command runs under `/usr/bin/time -v` and its peak RSS (kB) is read from
 * "Maximum resident set size"; without /usr/bin/time the caller must report RSS itself.
 */
export function run(command, args, { cwd, env, rss = false } = {}) {
  const [file, argv] = rss && TIME_BIN ? [TIME_BIN, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      let stderr = Buffer.concat(err).toString('utf8');
      // Peak RSS from /usr/bin/time -v, or from bench/lib/cli-rss.mjs, which prints the same line.
      const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
      const seconds = (name) => Number(new RegExp(`${name} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
      const cpuMs = (seconds('User') + seconds('System')) * 1000;
      if (rss && TIME_BIN) {
        // Drop /usr/bin/time's report (it starts with "Command being timed" or "Command exited").
        const at = stderr.search(/\n?\s*(Command exited with non-zero status|Command being timed)/);
        if (at >= 0) stderr = stderr.slice(0, at);
      }
      resolve({ code: signal ? 128 : code, wallMs, cpuMs, stdout, stderr, maxRssKb });
    });
  });
}

/** The last line of stdout that parses as JSON (children print one JSON result line). */
export function lastJson(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line);
    } catch {
      // not JSON
    }
  }
  return undefined;
}

// Fallback when /usr/bin/time is missing: runs the mesh CLI in this process and reports peak RSS
// and CPU time on stderr in /usr/bin/time -v's words. Usage: node bench/lib/cli-rss.mjs <mesh args...>
const { main } = await import(new URL('../../dist/cli/main.js', import.meta.url).href);
const code = await main(process.argv.slice(2));
const usage = process.resourceUsage();
process.stderr.write(
  `\nUser time (seconds): ${usage.userCPUTime / 1e6}\nSystem time (seconds): ${usage.systemCPUTime / 1e6}\nMaximum resident set size (kbytes): ${usage.maxRSS}\n`,
);
process.exitCode = code;

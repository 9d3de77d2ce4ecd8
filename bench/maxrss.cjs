// Preloaded into a child process by the store bench (node -r bench/maxrss.cjs bin/trec ...): at exit it writes
// the process's peak resident set size in KiB (getrusage's ru_maxrss, as process.resourceUsage() gives it) to
// the file TREC_BENCH_RSS_FILE names. CommonJS so that -r loads it before anything else; it adds one exit
// listener and nothing else (node:fs through process.getBuiltinModule, Node >= 20.16).
'use strict';
const file = process.env.TREC_BENCH_RSS_FILE;
if (file)
  process.on('exit', () => {
    process.getBuiltinModule('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });

/**
 * `BENCH_PROFILE_DIR=<dir> npm run bench`: the processes the figures run in (the API server, the
 * rebuild children) write V8 CPU profiles there (open them in Chrome DevTools), to find where
 * a figure's time goes. Off by default: profiling slows what it watches.
 */
export function childExecArgv(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${dir}`] : process.execArgv;
}

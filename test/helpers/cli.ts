import { main } from '../../src/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not JSON). */
  json: <T = Record<string, unknown>>() => T;
}

/** Runs `trec ARGS...` in-process, capturing stdout and stderr. */
export async function trec(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'trec', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

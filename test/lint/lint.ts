import { ESLint } from 'eslint';

// Lints a small source as if it lived at `path`, with the project's eslint.config.js, and returns the ids
// of the rules that fire. The source is not written to disk: typescript-eslint's project service would not
// find it in tsconfig.json, so these probe paths (and only these) are type-checked in the default project,
// which is tsconfig.json itself. Every rule and every `files` block is the real configuration.
export const PROBE = 'lint-probe';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            `src/${PROBE}.ts`,
            `src/*/${PROBE}.ts`,
            `src/*/*/${PROBE}.ts`,
            `test/*/${PROBE}.test.ts`,
          ],
          defaultProject: 'tsconfig.json',
          // the probes are few and small; the default of 8 guards editors against globs matching a tree
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 100,
        },
      },
    },
  },
});

export async function ruleIds(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

/** `src/<dir>/lint-probe.ts`: a file of the layer (and folder) `dir` that does not exist. */
export const inSrc = (dir: string): string => `src/${dir}/${PROBE}.ts`;

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The dependency rule (docs/architecture.md) is enforced by eslint.config.js; these tests prove the rule
// bites, by linting small sources as if they lived at the given paths.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint: the domain core is pure', () => {
  it('fails a core file that imports node:fs', async () => {
    const ids = await ruleIds(
      'src/core/units/bad.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });
  it('fails a core file that imports fs without the node: prefix', async () => {
    const ids = await ruleIds(
      'src/core/units/bad.ts',
      "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });
  it('fails a core file that imports the CLI layer', async () => {
    const ids = await ruleIds(
      'src/core/units/bad.ts',
      "import { main } from '../../cli/main.ts';\nexport const x = main;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });
  it('fails an app file that imports an edge (ingest)', async () => {
    const ids = await ruleIds('src/app/bad.ts', "import { x } from '../ingest/x.ts';\nexport const y = x;\n");
    expect(ids).toContain('no-restricted-imports');
  });
  it('fails a core file that reads the clock or uses console', async () => {
    expect(await ruleIds('src/core/units/bad.ts', 'export const now = () => Date.now();\n')).toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds('src/core/units/bad.ts', "export const log = () => console.log('x');\n")).toContain(
      'no-restricted-globals',
    );
  });
  it('accepts the same import outside core', async () => {
    const ids = await ruleIds(
      'src/ingest/ok.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(ids).toEqual([]);
  });
});

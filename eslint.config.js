// ESLint flat config. The dependency rule of docs/architecture.md is enforced here:
//   core  <- app <- {store, ingest, api, cli};  main wires them.
// `src/core` is pure: it may import nothing outside `src/core`, no Node built-in module, and it reads no
// clock, randomness, console or process. `src/app` imports only `src/core`.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const edges = ['store', 'ingest', 'api', 'cli', 'web'];
const layerPattern = (layer) => ({
  group: [`**/${layer}/**`, `**/${layer}`, `**/main.ts`],
  message: `this layer may not import src/${layer} or src/main.ts (docs/architecture.md, dependency rule).`,
});
const nodeBuiltins = {
  group: ['node:*', ...builtinModules.filter((m) => !m.startsWith('_'))],
  message: 'src/core is pure: no Node built-in modules (I/O belongs to src/ingest, src/store, src/cli).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'web/dist/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: edges.map(layerPattern) }] },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [nodeBuiltins, layerPattern('app'), ...edges.map(layerPattern)] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: no process, pass values in.' },
        { name: 'console', message: 'src/core is pure: no console, return checks instead.' },
        { name: 'fetch', message: 'src/core is pure: no I/O.' },
        { name: 'require', message: 'src/core is pure and ESM.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/core is pure: no clock; take the time as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'src/core is pure: no clock; take the time as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'src/core is pure: no hidden randomness; take a seeded generator as an argument.',
        },
      ],
    },
  },
);

// ESLint flat config. The dependency rule of docs/architecture.md is enforced here:
//   core  <- app <- {store, ingest, api, cli};  main wires them.
// `src/core` is pure: it may import nothing outside `src/core` and no Node built-in module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const layers = ['app', 'store', 'ingest', 'api', 'cli'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './src/core',
              from: './src',
              except: ['./core'],
              message: 'src/core is pure and depends on nothing outside src/core (docs/architecture.md).',
            },
            {
              target: './src/app',
              from: layers.filter((l) => l !== 'app').map((l) => `./src/${l}`),
              message: 'src/app depends only on src/core (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': ['error'],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: no process, pass values in.' },
        { name: 'console', message: 'src/core is pure: no console, return checks instead.' },
        { name: 'fetch', message: 'src/core is pure: no I/O.' },
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

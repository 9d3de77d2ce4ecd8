// ESLint flat config. The dependency rule of docs/architecture.md is enforced here:
//   core  <- app <- {store, ingest, api, cli};  main wires them.
// - `src/core` is pure: it imports nothing outside `src/core`, no Node built-in module, and it reads no clock,
//   randomness, console, process, timer, global object or the machine's time zone (the `src/core/**` block).
// - Every other layer imports another layer only through that layer's `index.ts`, and only the layers in
//   `LAYERS` (the local rule `trec/layers`, which resolves each import to the file it names).
// - typescript-eslint's type-checked rules (floating promises, unsafe `any`, unnecessary conditions) are on
//   for every TypeScript file, tests included.
// test/lint/ proves each boundary fails when crossed and passes where it is allowed.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

// Which layers each layer may import (its own always). `main` (src/main.ts, the composition root) may import
// everything. A layer not listed here (src/web, ...) may be imported by `main` only.
const LAYERS = {
  core: [],
  app: ['core'],
  ingest: ['core', 'app'],
  store: ['core', 'app'],
  cli: ['core', 'app'],
  api: ['core', 'app'],
};
// Layers whose code runs no I/O of its own: no Node built-in modules (ports bring the I/O in).
const NO_NODE_BUILTINS = new Set(['core', 'app']);
const nodeBuiltins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** 'core' for src/core/..., 'main' for src/main.ts, undefined outside src/ (test, bench, scripts). */
function layerOf(file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  return parts.length === 2 ? parts[1].replace(/\.[cm]?[jt]s$/, '') : parts[1];
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'the dependency rule of docs/architecture.md, per layer of src/' },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: { enum: ['core', 'app', 'ingest', 'store', 'cli', 'api', 'web', 'main'] },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === undefined || from === 'main') return {};
    const allowed = new Set([from, ...(LAYERS[from] ?? [])]);
    // `allow`: layers this file may import anyhow, deep paths included (only for the temporary block below).
    const tolerated = new Set(context.options[0]?.allow ?? []);
    const check = (node, source) => {
      const spec =
        source?.type === 'Literal'
          ? source.value
          : source?.type === 'TemplateLiteral' && source.expressions.length === 0
            ? source.quasis[0].value.cooked
            : undefined;
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.') && !spec.startsWith('/')) {
        const name = spec.startsWith('node:') ? spec.slice(5) : spec;
        if (NO_NODE_BUILTINS.has(from) && nodeBuiltins.has(name.split('/')[0])) {
          context.report({
            node,
            message: `src/${from} does no I/O of its own: no Node built-in module ('${spec}'); I/O comes in through a port (src/app/ports.ts) from src/ingest, src/store or src/cli.`,
          });
        }
        return;
      }
      const target = resolve(dirname(context.filename), spec);
      const to = layerOf(target);
      if (to === undefined || to === from || tolerated.has(to)) return;
      if (!allowed.has(to)) {
        const may = [...allowed].filter((l) => l !== from);
        context.report({
          node,
          message: `src/${from} may not import ${to === 'main' ? 'src/main.ts' : `src/${to}`} ('${spec}'): it imports ${may.length ? may.map((l) => `src/${l}`).join(' and ') : 'nothing outside itself'} (docs/architecture.md, dependency rule).`,
        });
        return;
      }
      const index = resolve(root, 'src', to, 'index.ts');
      if (target !== index) {
        context.report({
          node,
          message: `src/${from} imports src/${to} only through src/${to}/index.ts, not '${spec}' (docs/architecture.md, dependency rule).`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSExternalModuleReference: (node) => check(node, node.expression),
      TSImportType: (node) =>
        check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

const pure = (what) => `src/core is pure: ${what}`;
const clock = pure('no clock; take the time as an argument.');
const timers = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'web/dist/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { trec: { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unnecessary-condition': 'error',
      'trec/layers': 'error',
    },
  },
  {
    // Plain JavaScript (this file, scripts/build.js, bench/duckdb-energy.js, bin/, .ci/) has no types to check.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The dashboard (web/, issue 12) is its own layer: it runs in the browser and talks to TREC only over HTTP
    // (/v1), so it imports nothing from src/ and no Node built-in module.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The API's answers are the use cases' `present` JSON, read untyped here as in test/contract (web/ imports
      // no type from src/): reading their members is not unsafe in this layer.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/',
              message:
                'web/ talks to TREC only over HTTP (the API, docs/api.md): it imports nothing from src/.',
            },
            {
              regex: `^(node:|(${nodeBuiltins.size ? [...nodeBuiltins].join('|') : 'fs'})(/|$))`,
              message: 'web/ runs in the browser: no Node built-in module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: pure('no process, pass values in.') },
        { name: 'console', message: pure('no console, return checks instead.') },
        { name: 'fetch', message: pure('no I/O.') },
        { name: 'require', message: pure('ESM, and no I/O.') },
        ...['globalThis', 'global', 'window', 'self'].map((name) => ({
          name,
          message: pure('no global object; take what you need as an argument.'),
        })),
        { name: 'performance', message: clock },
        {
          name: 'crypto',
          message: pure('no hidden randomness or ids; take a seeded generator or an id as an argument.'),
        },
        ...[...timers, 'queueMicrotask'].map((name) => ({
          name,
          message: pure('no timers; core computes, callers schedule.'),
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clock },
        { selector: "CallExpression[callee.type='Identifier'][callee.name='Date']", message: clock },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: clock },
        { selector: "MemberExpression[object.name='Date'][property.value='now']", message: clock },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: pure('no hidden randomness; take a seeded generator as an argument.'),
        },
        {
          selector: "MemberExpression[object.name='Math'][property.value='random']",
          message: pure('no hidden randomness; take a seeded generator as an argument.'),
        },
        // luxon: DateTime.now(), DateTime.local()/utc() with no date (nothing, or only options), Settings.now.
        // Parsing in a given zone (DateTime.fromISO(text, { zone }), DateTime.local(2024, 1, 1, { zone })) is
        // allowed.
        { selector: "MemberExpression[object.name='DateTime'][property.name='now']", message: clock },
        {
          selector:
            "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(local|utc)$/][arguments.length=0]",
          message: clock,
        },
        {
          selector:
            "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(local|utc)$/][arguments.length=1][arguments.0.type='ObjectExpression']",
          message: clock,
        },
        { selector: "MemberExpression[object.name='Settings'][property.name='now']", message: clock },
        // The machine's time zone and locale are environment too: UTC getters, explicit locales.
        {
          selector:
            'CallExpression[callee.property.name=/^((get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)|getYear|getTimezoneOffset|toDateString|toTimeString|toLocaleDateString|toLocaleTimeString)$/]',
          message: pure(
            "no local time (it depends on the machine's time zone): use the UTC methods or a named zone.",
          ),
        },
        {
          selector: "CallExpression[callee.property.name='toLocaleString'][arguments.length=0]",
          message: pure(
            "no default locale (it depends on the machine): name the locale, e.g. toLocaleString('en-US').",
          ),
        },
        {
          selector: 'ImportExpression',
          message: pure('no dynamic import (loading a module at run time is I/O).'),
        },
        {
          selector: 'MetaProperty[meta.name="import"]',
          message: pure('no import.meta (where a file lives is I/O).'),
        },
      ],
    },
  },
  // Contract cases assert on the JSON of a result as --json prints it (and the API will return it): plain,
  // untyped data by design (test/contract/harness.ts ResultJson), so reading its members is not unsafe here.
  {
    files: ['test/contract/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);

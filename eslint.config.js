// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare builtin names are matched exactly (as `paths`), so our own shared/net/ is not a Node import.
const SSH2_ONLY_IN_SSH = 'Only electron/ssh/ imports ssh2; use its SshConnection interface.';
const nodeBuiltinNames = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'crypto',
  'stream',
  'events',
  'util',
  'url',
  'buffer',
  'process',
  'worker_threads',
];
const noNode = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

/** Layer rules: the same boundaries the per-folder tsconfigs enforce, said as imports. */
const layers = [
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noNode('shared/ is pure TypeScript: no Node modules.'),
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node modules.' },
            {
              group: ['electron', 'electron/*', 'ssh2', 'react', 'react-dom', 'react/*', 'ws'],
              message: 'shared/ imports no runtime-specific library.',
            },
            {
              group: ['**/electron/**', '**/renderer/**', '**/test/**'],
              message: 'shared/ is the bottom layer: it imports neither electron/ nor renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noNode('renderer/ runs in a sandboxed page: no Node modules.'),
          patterns: [
            { group: ['node:*'], message: 'renderer/ runs in a sandboxed page: no Node modules.' },
            {
              group: ['electron', 'electron/*', 'ssh2', 'ws'],
              message: 'renderer/ reaches the backend only through its api/ module.',
            },
            {
              group: ['**/electron/**'],
              message: 'renderer/ never imports electron/: use the API contract in shared/api.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', 'react', 'react-dom'],
              message: 'electron/ never imports renderer/.',
            },
            { group: ['ssh2', 'ssh2/*'], message: SSH2_ONLY_IN_SSH },
          ],
        },
      ],
    },
  },
  {
    // Electron itself is allowed only in the thin shell; everything else runs under plain Node.
    files: ['electron/**/*.ts'],
    ignores: [
      'electron/main.ts',
      'electron/window.ts',
      'electron/preload/**',
      'electron/ipc/**',
      'electron/**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message:
                'Only main.ts, window.ts, preload/ and ipc/ import electron; the rest runs under plain Node.',
            },
            {
              group: ['**/renderer/**', 'react', 'react-dom'],
              message: 'electron/ never imports renderer/.',
            },
            { group: ['ssh2', 'ssh2/*'], message: SSH2_ONLY_IN_SSH },
          ],
        },
      ],
    },
  },
  {
    // ssh2 hides behind electron/ssh/'s own small interface, so swapping it touches one folder.
    files: ['electron/ssh/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message:
                'Only main.ts, window.ts, preload/ and ipc/ import electron; the rest runs under plain Node.',
            },
            {
              group: ['**/renderer/**', 'react', 'react-dom'],
              message: 'electron/ never imports renderer/.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'release/', '.tsbuild/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layers,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  prettier,
);

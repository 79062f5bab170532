// The web client's lint (`make lint`, warnings as errors): the recommended rules of JavaScript,
// typescript-eslint and React's hooks, and the import boundaries that keep the client a tree:
// - a feature (src/features/<name>) reaches another only through its public entry, `@/features/<name>`
//   (its index.ts), never its insides;
// - shared code (src/lib, src/components) depends on no feature;
// screens that compose several features live in src/app.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const intoAFeaturesInsides = {
  group: ['@/features/*/*', '**/features/*/*'],
  message: "Import another feature through its public entry, '@/features/<name>' (its index.ts).",
};

export default tseslint.config(
  { ignores: ['dist', 'test-results', 'playwright-report', 'src/lib/wire.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Playwright's fixtures take their dependencies destructured: `async ({}, use) => …` names none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/features/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [intoAFeaturesInsides] }] },
  },
  {
    files: ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/features/*', '**/features/*'], message: 'Shared code depends on no feature.' }] },
      ],
    },
  },
);

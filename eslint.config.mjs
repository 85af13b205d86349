import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const webFiles = ['web/**/*.{ts,tsx}', 'test/web/**/*.{ts,tsx}'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'docs/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' }],
    },
  },
  {
    files: webFiles,
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: webFiles, ...reactHooks.configs.flat['recommended-latest'] },
  { files: webFiles, ...jsxA11y.configs.recommended },
  {
    // Feature folders (web/src/features/<name>) talk to each other only through their `api/`
    // hooks; anything shared by several features lives in lib/ (query keys, invalidation, the
    // session) or components/. The app shell composes the features' pages.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/include': ['web/src/**'],
      'boundaries/elements': [
        { type: 'app', pattern: 'web/src/app' },
        { type: 'feature', pattern: 'web/src/features/*', capture: ['feature'] },
        { type: 'components', pattern: 'web/src/components' },
        { type: 'lib', pattern: 'web/src/lib' },
      ],
      'import/resolver': { node: { extensions: ['.ts', '.tsx'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'disallow',
        message: 'A feature reaches another only through its api/ folder, and lib/ and components/ reach no feature internals: move what several features share to lib/ or components/ (README, web/src).',
        policies: [
          { from: { element: { type: 'app' } }, allow: { to: { element: { types: ['feature', 'components', 'lib'] } } } },
          { from: { element: { types: ['feature', 'components', 'lib'] } }, allow: { to: { element: { types: ['components', 'lib'] } } } },
          {
            from: { element: { types: ['feature', 'components', 'lib'] } },
            allow: { to: { element: { type: 'feature', fileInternalPath: 'api/*' } } },
          },
        ],
      }],
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', 'test/web/style-stub.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.cache/',
      'coverage/',
      'test-output/',
      'web/dist/',
      'extensions/*/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['web/src/**/*.{ts,tsx}', 'web/dev/*.js'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['extensions/*/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['jest.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);

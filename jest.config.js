// Jest runs the TypeScript tests in tests/js against the package's TypeScript sources.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/js'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60000,
};

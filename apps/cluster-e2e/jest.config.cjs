// The suite runs the built apps from dist/ as separate processes: the global
// setup compiles the workspace once before any test starts.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cluster-e2e',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/support/global-setup.cjs',
  testTimeout: 120000,
};

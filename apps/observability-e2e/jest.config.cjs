module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'observability-e2e',
  rootDir: __dirname,
  // Real Prometheus, Chromium and corpus replays through the real pipeline.
  testTimeout: 180000,
};

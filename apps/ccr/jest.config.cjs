module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ccr-service',
  rootDir: __dirname,
  testTimeout: 30000,
};

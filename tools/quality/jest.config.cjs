module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'quality',
  rootDir: __dirname,
  // The corpus runs take seconds, not milliseconds.
  testTimeout: 120000,
};

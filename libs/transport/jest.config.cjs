module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'transport',
  rootDir: __dirname,
  testTimeout: 30000,
};

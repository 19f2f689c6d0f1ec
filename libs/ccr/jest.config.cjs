module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ccr',
  rootDir: __dirname,
};

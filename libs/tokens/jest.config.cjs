module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tokens',
  rootDir: __dirname,
};

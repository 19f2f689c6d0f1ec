module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'aligner',
  rootDir: __dirname,
};

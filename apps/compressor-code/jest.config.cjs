module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-code',
  rootDir: __dirname,
};

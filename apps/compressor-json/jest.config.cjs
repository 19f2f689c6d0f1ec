module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-json',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-dom',
  rootDir: __dirname,
};

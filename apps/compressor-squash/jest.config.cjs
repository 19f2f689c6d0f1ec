module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-squash',
  rootDir: __dirname,
};

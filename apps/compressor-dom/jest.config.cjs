module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-dom-worker',
  rootDir: __dirname,
};

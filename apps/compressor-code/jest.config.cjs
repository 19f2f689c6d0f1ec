module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-code-worker',
  rootDir: __dirname,
};

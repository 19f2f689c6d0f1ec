module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-squash-worker',
  rootDir: __dirname,
};

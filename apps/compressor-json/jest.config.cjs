module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compressor-json-worker',
  rootDir: __dirname,
};

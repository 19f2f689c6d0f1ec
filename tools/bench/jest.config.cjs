module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'bench',
  rootDir: __dirname,
  // The quick end-to-end run opens a SQLite store and times real compressors.
  testTimeout: 60000,
};

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'router',
  rootDir: __dirname,
};

// Shared jest settings: swc for speed (type checking is the typecheck target's
// job) and module names taken from tsconfig.base.json so specs import libs
// exactly as production code does.
const { join } = require('node:path');
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  // Suites with real databases, Redis and browsers share two cores with
  // other projects under `nx run-many`; 5 s is too tight there.
  testTimeout: 30_000,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};

// Lets a worker thread started from TypeScript sources (under jest) load
// .ts files: compiled on the fly with swc, `@headroom/*` resolved to sources.
// Built apps never use this; they run the compiled JavaScript in dist/.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');
const { paths } = require('../../tsconfig.base.json').compilerOptions;

const root = join(__dirname, '..', '..');
const aliases = new Map(Object.entries(paths).map(([alias, [source]]) => [alias, join(root, source)]));

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

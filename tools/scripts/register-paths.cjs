// Resolves the workspace's `@headroom/*` aliases to the compiled libraries in
// dist/, so built apps run with plain `node` and no bundler.
const Module = require('node:module');
const { join } = require('node:path');
const { paths } = require('../../tsconfig.base.json').compilerOptions;

const dist = join(__dirname, '..', '..', 'dist');
const targets = new Map(
  Object.entries(paths).map(([alias, [source]]) => [
    alias,
    join(dist, source.replace(/\.ts$/, '.js')),
  ]),
);

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const target = targets.get(request);
  return resolve.call(this, target ?? request, ...rest);
};

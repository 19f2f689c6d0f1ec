// Runs a TypeScript entry point of this workspace from its compiled form:
// `node tools/scripts/run-ts.cjs tools/bench/src/main.ts [args...]`.
const { join, relative } = require('node:path');
const { build, root } = require('./build.cjs');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.cjs <path/to/entry.ts> [args...]');
  process.exit(2);
}

build();
require('./register-paths.cjs');
process.argv = [process.argv[0], entry, ...args];
require(join(root, 'dist', relative(root, join(process.cwd(), entry)).replace(/\.ts$/, '.js')));

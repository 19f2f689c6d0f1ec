// Builds dist/ once per run, so the worker processes start from what the
// sources say now rather than from a stale build. tsc emits even when some
// file elsewhere in the workspace has a type error; type errors are the
// typecheck target's business, so the suite goes on as long as every app it
// starts was emitted.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { build, root } = require('../../../../tools/scripts/build.cjs');

const APPS = ['ccr', 'compressor-code', 'compressor-dom', 'compressor-json', 'compressor-squash'];

module.exports = async function globalSetup() {
  try {
    build();
  } catch (error) {
    const missing = APPS.filter(
      (app) => !existsSync(join(root, 'dist', 'apps', app, 'src', 'main.js')),
    );
    if (missing.length > 0) throw error;
    process.stderr.write(`cluster-e2e: build reported errors, continuing (${error.message})\n`);
  }
};

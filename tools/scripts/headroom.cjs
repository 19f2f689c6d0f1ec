#!/usr/bin/env node
// The `headroom` CLI (audit, report). In a checkout it compiles the workspace
// first, as run-ts.cjs does, so the CLI never runs stale code; set
// HEADROOM_CLI_SKIP_BUILD=1 to run whatever dist/ already holds.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const entry = join(root, 'dist', 'tools', 'cli', 'src', 'main.js');

function compile() {
  try {
    // The compiler's output goes to stderr: stdout is the report.
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc', { paths: [root] }),
        '-p',
        'tsconfig.build.json',
        '--incremental',
        '--tsBuildInfoFile',
        join('dist', '.tsbuildinfo'),
      ],
      { cwd: root, stdio: ['ignore', process.stderr, process.stderr] },
    );
  } catch (error) {
    // tsc still emits on type errors elsewhere in the workspace; only a missing CLI is fatal.
    if (!existsSync(entry)) throw error;
  }
}

if (process.env.HEADROOM_CLI_SKIP_BUILD !== '1' || !existsSync(entry)) {
  compile();
}
require('./register-paths.cjs');
require(entry)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

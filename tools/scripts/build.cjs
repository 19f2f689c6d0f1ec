// Compiles every app, lib and tool into dist/ with one incremental tsc run.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');

function build() {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--incremental',
      '--tsBuildInfoFile', join('dist', '.tsbuildinfo')],
    { cwd: root, stdio: 'inherit' },
  );
}

module.exports = { build, root };

if (require.main === module) {
  build();
}

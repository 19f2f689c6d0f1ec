// Generates the Prisma client after install. Prisma's own install scripts are
// blocked (they try to download engines); generation with the JS engine needs
// no network.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const schema = join(root, 'libs', 'storage', 'prisma', 'sqlite', 'schema.prisma');

if (existsSync(schema)) {
  execFileSync(process.execPath, [join(root, 'tools', 'scripts', 'prisma.cjs'), 'generate'], {
    cwd: root,
    stdio: 'inherit',
  });
}

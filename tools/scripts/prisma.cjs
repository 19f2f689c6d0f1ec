// Runs the Prisma CLI for one of the two CCR schemas (libs/storage/prisma/<provider>)
// with the settings that keep it offline:
//
//   node tools/scripts/prisma.cjs generate [--provider sqlite|postgresql]   (default: both)
//   node tools/scripts/prisma.cjs deploy   [--provider ...]   apply committed migrations
//   node tools/scripts/prisma.cjs status   [--provider ...]
//   node tools/scripts/prisma.cjs diff --provider X [--from <old schema.prisma>]
//        prints the SQL that takes the old schema (or an empty database) to the current one;
//        save it as prisma/<provider>/migrations/<timestamp>_<name>/migration.sql
//   node tools/scripts/prisma.cjs exec --provider X -- <prisma arguments...>
//
// Without --provider, deploy and status follow HEADROOM_DATABASE_URL like the
// service does. The gateway applies the same migrations itself at start, so
// deploy is for CI and operators, never a required step.
const { spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const root = join(__dirname, '..', '..');
const PROVIDERS = ['sqlite', 'postgresql'];
const DEFAULT_SQLITE_URL = 'file:./.headroom/headroom.db';

// generate and diff need no database, but the 6.x CLI falls back to downloading
// a query engine when the datasource's env() is unset, and the SQLite adapter
// opens its file eagerly: both get a URL that touches nothing on disk.
const PLACEHOLDER_URLS = {
  sqlite: 'file::memory:',
  // diff opens a connection even though it reads no tables; `postgres` exists on every server.
  postgresql: 'postgresql://postgres@127.0.0.1:5432/postgres',
};

function usage(message) {
  if (message) {
    console.error(`prisma.cjs: ${message}`);
  }
  console.error(
    'usage: node tools/scripts/prisma.cjs generate|deploy|status|diff|exec ' +
      '[--provider sqlite|postgresql] [--from old.prisma] [-- prisma args]',
  );
  process.exit(2);
}

function parseArguments(argv) {
  const [command, ...rest] = argv;
  const options = { command, provider: undefined, from: undefined, passthrough: [] };

  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index];
    if (argument === '--') {
      options.passthrough = rest.slice(index + 1);
      break;
    }
    if (argument === '--provider' || argument === '--from') {
      options[argument.slice(2)] = rest[index + 1];
      index += 1;
      continue;
    }
    usage(`unknown argument ${argument}`);
  }

  if (options.provider !== undefined && !PROVIDERS.includes(options.provider)) {
    usage(`unknown provider ${options.provider}`);
  }

  return options;
}

function providerOfUrl(url) {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

function ensureSqliteDirectory(url) {
  const path = url.replace(/^file:/, '');
  if (path && path !== ':memory:') {
    mkdirSync(dirname(resolve(process.cwd(), path)), { recursive: true });
  }
}

function runPrisma(provider, args, { url, capture = false } = {}) {
  const folder = join(root, 'libs', 'storage', 'prisma', provider);
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    HEADROOM_DATABASE_URL: url ?? PLACEHOLDER_URLS[provider],
  };
  const result = spawnSync(
    process.execPath,
    [cli, ...args, '--config', join(folder, 'prisma.config.cjs')],
    { cwd: process.cwd(), env, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' },
  );

  if (result.status !== 0) {
    console.error(`prisma.cjs: prisma ${args.join(' ')} (${provider}) failed`);
    process.exit(result.status ?? 1);
  }

  return capture ? result.stdout.toString('utf8') : '';
}

function databaseUrlFor(provider) {
  const url = process.env.HEADROOM_DATABASE_URL ?? DEFAULT_SQLITE_URL;
  if (providerOfUrl(url) !== provider) {
    usage(`HEADROOM_DATABASE_URL does not point at a ${provider} database`);
  }
  if (provider === 'sqlite') {
    ensureSqliteDirectory(url);
  }

  return url;
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const urlProvider = providerOfUrl(process.env.HEADROOM_DATABASE_URL ?? DEFAULT_SQLITE_URL);

  switch (options.command) {
    case 'generate':
      for (const provider of options.provider ? [options.provider] : PROVIDERS) {
        runPrisma(provider, ['generate']);
      }
      return;
    case 'deploy':
    case 'status': {
      const provider = options.provider ?? urlProvider;
      runPrisma(provider, ['migrate', options.command], { url: databaseUrlFor(provider) });
      return;
    }
    case 'diff': {
      if (!options.provider) {
        usage('diff needs --provider');
      }
      const schema = join(root, 'libs', 'storage', 'prisma', options.provider, 'schema.prisma');
      const from = options.from
        ? ['--from-schema-datamodel', resolve(options.from)]
        : ['--from-empty'];
      const script = runPrisma(
        options.provider,
        ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'],
        {
          capture: true,
          url: urlProvider === options.provider ? process.env.HEADROOM_DATABASE_URL : undefined,
        },
      );
      process.stdout.write(script);
      return;
    }
    case 'exec':
      if (!options.provider) {
        usage('exec needs --provider');
      }
      runPrisma(options.provider, options.passthrough, {
        url: process.env.HEADROOM_DATABASE_URL,
      });
      return;
    default:
      usage(options.command ? `unknown command ${options.command}` : undefined);
  }
}

main();

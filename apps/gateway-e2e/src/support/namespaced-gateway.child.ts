// A gateway in a process of its own, started by NamespacedGateway inside a
// user and mount namespace whose database directory is a small tmpfs. It
// answers commands on stdin, one per line, with `@@ <json>` lines on stdout
// (the gateway's own log lines go there too and are ignored by the parent):
//   fill    write a filler file until the tmpfs is out of space (ENOSPC)
//   unfill  delete the filler
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadGatewayConfig, startGateway } from '../../../gateway/src';

const directory = process.env['HEADROOM_TEST_DB_DIR'] ?? '';
const filler = join(directory, 'filler');

function reply(message: Record<string, unknown>): void {
  process.stdout.write(`@@ ${JSON.stringify(message)}\n`);
}

function fill(): number {
  const chunk = Buffer.alloc(16 * 1024, 7);
  const fd = openSync(filler, 'a');
  let written = 0;

  try {
    for (;;) {
      written += writeSync(fd, chunk);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }

  // Leftover blocks smaller than a chunk: fill them byte by byte.
  const tail = openSync(filler, 'a');
  try {
    for (;;) written += writeSync(tail, Buffer.alloc(512, 7));
  } catch {
    // Out of space: exactly what was wanted.
  } finally {
    closeSync(tail);
  }

  return written;
}

async function main(): Promise<void> {
  const gateway = await startGateway({ config: loadGatewayConfig(process.env) });
  reply({ event: 'listening', url: gateway.url });

  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim();
    try {
      if (command === 'fill') reply({ event: 'fill', bytes: fill() });
      else if (command === 'unfill') {
        rmSync(filler, { force: true });
        reply({ event: 'unfill' });
      } else reply({ event: 'error', message: `unknown command ${command}` });
    } catch (error) {
      reply({ event: 'error', message: String(error) });
    }
  });
  process.stdin.on('end', () => {
    void gateway.shutdown().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  reply({ event: 'failed', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
});

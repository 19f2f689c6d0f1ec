import { SeededRandom } from '../random/seeded-random';
import { WORDS } from '../random/vocabulary';

const EPOCH_MS = Date.UTC(2026, 0, 1, 8);

// A handful of recurring templates, as real services print, plus rare
// warnings, errors and a stack trace: what a log squasher has to keep.
const TEMPLATES: ReadonlyArray<(random: SeededRandom) => string> = [
  (r) => `INFO  http.server GET /api/v1/${r.pick(WORDS)}/${r.int(1, 9999)} 200 ${r.int(1, 90)}ms`,
  (r) => `INFO  http.server POST /api/v1/${r.pick(WORDS)} 201 ${r.int(5, 200)}ms`,
  (r) => `DEBUG cache.lookup key=${r.pick(WORDS)}:${r.hex(8)} hit=${r.chance(0.8)}`,
  (r) => `INFO  worker.job id=${r.hex(10)} queue=${r.pick(WORDS)} done in ${r.int(10, 900)}ms`,
  (r) => `DEBUG db.pool acquired connection ${r.int(1, 32)}/32 wait=${r.int(0, 5)}ms`,
  (r) => `INFO  scheduler tick ${r.int(1, 1_000_000)} pending=${r.int(0, 50)}`,
];

const RARE: ReadonlyArray<(random: SeededRandom) => string[]> = [
  (r) => [`WARN  http.client retrying upstream ${r.pick(WORDS)} attempt=${r.int(2, 4)}`],
  (r) => [
    `ERROR worker.job id=${r.hex(10)} failed: connection reset by peer`,
    '    at Socket.onRead (node:net:712:20)',
    '    at TCP.onStreamRead (node:internal/stream_base_commons:191:23)',
  ],
];

function timestamp(index: number): string {
  return new Date(EPOCH_MS + index * 137).toISOString();
}

/** `count` log lines (stack frames count as lines), deterministic for a seed. */
export function serviceLog(count: number, seed = 7): string {
  const random = new SeededRandom(seed);
  const lines: string[] = [];

  for (let index = 0; lines.length < count; index += 1) {
    const prefix = `${timestamp(index)} [pid ${1000 + (index % 4)}] `;
    if (random.chance(0.015)) {
      const [first, ...frames] = random.pick(RARE)(random);
      lines.push(prefix + first, ...frames);
    } else {
      lines.push(prefix + random.pick(TEMPLATES)(random));
    }
  }

  return lines.slice(0, count).join('\n');
}

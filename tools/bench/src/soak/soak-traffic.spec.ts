import { corpusDirectory } from '../corpus/corpus-directory';
import { type SoakCorpus, loadSoakCorpus } from './soak-corpus';
import { SOAK_KINDS, SoakTraffic } from './soak-traffic';

describe(SoakTraffic.name, () => {
  let corpus: SoakCorpus;

  beforeAll(() => {
    corpus = loadSoakCorpus(corpusDirectory());
  });

  it('gives the same requests, byte for byte, for the same seed', () => {
    const first = new SoakTraffic(corpus, 7);
    const second = new SoakTraffic(corpus, 7);
    const other = new SoakTraffic(corpus, 8);
    const take = (traffic: SoakTraffic) => Array.from({ length: 200 }, () => traffic.next());

    const a = take(first);
    expect(take(second)).toEqual(a);
    expect(take(other)).not.toEqual(a);
  });

  it('mixes every kind, and mostly new tool outputs so the cache cannot answer everything', () => {
    const traffic = new SoakTraffic(corpus, 11);
    traffic.rememberHashes(['0123456789abcdef01234567']);
    const requests = Array.from({ length: 1_000 }, () => traffic.next());
    const kinds = new Set(requests.map((request) => request.kind));
    const bodies = requests
      .filter((request) => request.kind === 'openai-tool' || request.kind === 'anthropic-tool')
      .map((request) => request.body);

    expect([...kinds].sort()).toEqual([...SOAK_KINDS].sort());
    expect(new Set(bodies).size).toBe(bodies.length);
    const streams = requests.filter((request) => request.kind.endsWith('-stream'));
    expect(streams.every((request) => JSON.parse(request.body ?? '{}').stream === true)).toBe(true);
  });

  it('expects a 4xx for every bad request and a 2xx for everything else', () => {
    const traffic = new SoakTraffic(corpus, 3);
    const requests = Array.from({ length: 500 }, () => traffic.next());

    for (const request of requests) {
      if (request.kind === 'bad-request') {
        expect(request.expectedStatus).toBeGreaterThanOrEqual(400);
        expect(request.expectedStatus).toBeLessThan(500);
        expect(request.shape).toBe('envelope');
      } else {
        expect(request.expectedStatus).toBe(200);
      }
    }
  });

  it('retrieves only markers it was told about, and forgets the oldest past its bound', () => {
    const traffic = new SoakTraffic(corpus, 5);
    const hashes = Array.from({ length: 600 }, (_, index) => index.toString(16).padStart(24, '0'));
    traffic.rememberHashes(hashes);
    traffic.rememberHashes(hashes.slice(-10));

    expect(traffic.knownHashes).toBe(512);
    const asked = Array.from({ length: 2_000 }, () => traffic.next())
      .filter((request) => request.label === 'retrieve/get' || request.label === 'retrieve/post')
      .map((request) =>
        request.path.split('/').pop() === 'retrieve'
          ? (JSON.parse(request.body ?? '{}') as { hash: string }).hash
          : (request.path.split('/').pop() as string),
      );

    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((hash) => hashes.slice(-512).includes(hash))).toBe(true);
  });
});

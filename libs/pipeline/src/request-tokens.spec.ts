import { InMemoryOriginalStore } from '@headroom/ccr';
import {
  type CompressInput,
  type CompressOutcome,
  ccrKey,
  formatMarker,
} from '@headroom/contracts';
import { TokenCounter, type Tokenizer, type TokenizerName, tokenizerFor } from '@headroom/tokens';
import type { CompressorPort, ContentDetector } from './compression.ports';
import { RequestPipeline } from './request-pipeline';
import { RequestTokens } from './request-tokens';

// Long enough to be counted on a compressor thread when the port has one.
const longLog = Array.from({ length: 3_000 }, (_, i) => `2026-01-05T10:00:${i} INFO ok ${i}`).join(
  '\n',
);

function countingTokenizer(): Tokenizer & { counted: string[] } {
  const counted: string[] = [];
  return { name: 'o200k_base', counted, count: (text) => (counted.push(text), text.length) };
}

/** Keeps the first line behind a marker, and counts on "threads" when asked to. */
class FirstLinePort implements CompressorPort {
  readonly offloaded: string[][] = [];
  countTokens?: (tokenizer: TokenizerName, texts: string[]) => Promise<number[]>;

  constructor(withThreads: boolean) {
    if (withThreads) {
      this.countTokens = async (_tokenizer, texts) => {
        this.offloaded.push(texts);
        return texts.map((text) => tokenizerFor('gpt-4o').count(text));
      };
    }
  }

  async compress(input: CompressInput): Promise<CompressOutcome> {
    const key = ccrKey(input.text);

    return {
      status: 'compressed',
      text: `${input.text.split('\n')[0]}\n${formatMarker(key, 'lines omitted')}`,
      transforms: ['test:first-line'],
      originals: [{ key, content: input.text, kind: 'log', compressor: 'test' }],
    };
  }
}

const detector: ContentDetector = { detect: () => ({ kind: 'log', confidence: 1 }) };

function toolTurn(): Buffer {
  return Buffer.from(
    JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Why did the job fail?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'logs', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: longLog },
      ],
    }),
  );
}

async function runOnce(port: FirstLinePort): Promise<{ asked: string[]; tokensBefore: number }> {
  const pipeline = new RequestPipeline({
    detector,
    compressors: port,
    store: new InMemoryOriginalStore(),
  });
  const count = jest.spyOn(TokenCounter.prototype, 'count');
  try {
    const result = await pipeline.run({
      format: 'openai-chat',
      body: toolTurn(),
      tenant: 'acme',
      mode: 'default',
      requestId: 'req-1',
    });
    expect(result.changed).toBe(true);

    return { asked: count.mock.calls.map(([, text]) => text), tokensBefore: result.tokensBefore };
  } finally {
    count.mockRestore();
  }
}

describe(RequestTokens.name, () => {
  describe('count', () => {
    it('counts each distinct text once however often it is asked for', () => {
      const tokenizer = countingTokenizer();
      const tokens = new RequestTokens(tokenizer, new TokenCounter());
      const text = 'x'.repeat(2_000);

      expect([tokens.count(text), tokens.count(text), tokens.count(`${text}`)]).toEqual([
        2_000, 2_000, 2_000,
      ]);
      expect(tokenizer.counted).toHaveLength(1);
    });
  });

  describe('prime', () => {
    it('sends long texts to the thread once and takes what the shared memo knows', async () => {
      const tokenizer = countingTokenizer();
      const counter = new TokenCounter();
      const known = 'k'.repeat(70_000);
      counter.prime(tokenizer, known, 7);
      const offloaded: string[][] = [];
      const tokens = new RequestTokens(tokenizer, counter, async (_, texts) => {
        offloaded.push(texts);
        return texts.map(() => 42);
      });

      await tokens.prime([longLog, 'short', longLog, known]);
      await tokens.prime([longLog]);

      expect(offloaded).toEqual([[longLog]]);
      expect([tokens.count(longLog), tokens.count(known)]).toEqual([42, 7]);
      expect(counter.knows(tokenizer, longLog)).toBe(true);
      expect(tokenizer.counted).toEqual([]);
    });

    it('leaves counting to this thread when the threads fail', async () => {
      const tokenizer = countingTokenizer();
      const tokens = new RequestTokens(tokenizer, new TokenCounter(), () =>
        Promise.reject(new Error('thread gone')),
      );

      await tokens.prime([longLog]);

      expect(tokens.count(longLog)).toBe(longLog.length);
      expect(tokenizer.counted).toEqual([longLog]);
    });
    it('estimates a text too long to count on this thread when the threads fail', async () => {
      const tokenizer = countingTokenizer();
      const tokens = new RequestTokens(tokenizer, new TokenCounter(), () =>
        Promise.reject(new Error('compressor exceeded 1200 ms')),
      );
      const huge = 'y'.repeat(3 * 1024 * 1024);

      await tokens.prime([huge, longLog]);

      expect(tokens.count(huge)).toBe(Math.ceil(huge.length / 4));
      expect(tokens.count(longLog)).toBe(longLog.length);
      expect(tokenizer.counted).toEqual([longLog]);
    });
  });

  describe('in a pipeline run', () => {
    it('counts a block and its compressed text once each, on this thread', async () => {
      const { asked } = await runOnce(new FirstLinePort(false));

      expect(asked.filter((text) => text === longLog)).toHaveLength(1);
      expect(asked.filter((text) => text.startsWith(longLog.split('\n')[0]))).toHaveLength(2);
    });

    it('counts a long block once, on the thread, and never again here', async () => {
      const port = new FirstLinePort(true);
      const { asked, tokensBefore } = await runOnce(port);

      expect(port.offloaded).toEqual([[longLog]]);
      expect(asked.filter((text) => text === longLog)).toHaveLength(0);
      expect(tokensBefore).toBeGreaterThan(tokenizerFor('gpt-4o').count(longLog));
    });
  });
});

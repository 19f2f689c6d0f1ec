import type { PipelineRequest } from '@headroom/pipeline';
import { createEmbeddedPipeline } from '@headroom/pipeline';
import { type Harness, sha256, startHarness } from './support/gateway-harness';
import { pipelineWith, stubResult } from './support/test-pipelines';

// BL-18: valid but unusual formatting that any parse/re-serialise would change.
const ODD_ANTHROPIC_BODY = [
  '{',
  '  "max_tokens": 64,',
  '  "model": "claude-sonnet-4-5",',
  '  "temperature": 1.0,',
  '  "messages": [',
  '    {',
  '      "content": [',
  '        {"text": "caf\\u00e9 au lait, s\'il vous pla\\u00eet", "type": "text"},',
  '        {"type": "future_block_type", "payload": {"n": 1.50, "z": null}}',
  '      ],',
  '      "role": "user"',
  '    }',
  '  ],',
  '  "x_unknown_top_level": {"kept": [true, false, 1e3]}',
  '}',
  '',
].join('\n');

const ANTHROPIC_HEADERS = {
  'content-type': 'application/json',
  'x-api-key': 'sk-ant-demo',
  'anthropic-version': '2023-06-01',
};

function post(
  harness: Harness,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Response> {
  const payload = typeof body === 'string' ? body : new Uint8Array(body);

  return fetch(`${harness.url}${path}`, { method: 'POST', headers, body: payload });
}

describe('byte-faithful passthrough', () => {
  let harness: Harness;
  const pipelineCalls: PipelineRequest[] = [];
  const embedded = createEmbeddedPipeline();
  const spyingPipeline = pipelineWith({
    run: (request) => {
      pipelineCalls.push(request);

      return embedded.run(request);
    },
  });

  beforeAll(async () => {
    harness = await startHarness({ pipeline: spyingPipeline });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    harness.upstream.reset();
    pipelineCalls.length = 0;
  });

  it('forwards an untouched body with the same SHA-256 (BL-18 formatting, unknown fields and blocks)', async () => {
    const response = await post(harness, '/v1/messages', ODD_ANTHROPIC_BODY, ANTHROPIC_HEADERS);

    expect(response.status).toBe(200);
    expect(pipelineCalls).toHaveLength(1);
    expect(harness.upstream.lastRequest?.sha256).toBe(sha256(ODD_ANTHROPIC_BODY));
    expect(harness.upstream.lastRequest?.body.toString('utf8')).toContain('"temperature": 1.0');
  });

  it.each([
    ['x-headroom-bypass: true', { 'x-headroom-bypass': 'true' }],
    ['x-headroom-mode: passthrough', { 'x-headroom-mode': 'passthrough' }],
  ])(
    'with %s the body is byte-identical, the pipeline is not called and the header is stripped',
    async (_label, control) => {
      const response = await post(harness, '/v1/messages', ODD_ANTHROPIC_BODY, {
        ...ANTHROPIC_HEADERS,
        ...control,
      });

      expect(response.status).toBe(200);
      expect(pipelineCalls).toHaveLength(0);
      expect(harness.upstream.lastRequest?.sha256).toBe(sha256(ODD_ANTHROPIC_BODY));
      expect(
        Object.keys(harness.upstream.lastRequest?.headers ?? {}).some((name) =>
          name.startsWith('x-headroom-'),
        ),
      ).toBe(false);
    },
  );

  it.each(['/v1/chat/completions', '/v1/responses'])(
    'keeps OpenAI bodies byte-identical on %s',
    async (path) => {
      const body =
        '{"model":"gpt-4o-mini" ,\n "input":"\\u00e9t\\u00e9","messages":[{"role":"user","content":"1.0"}],"seed":1.0}';

      await post(harness, path, body, {
        'content-type': 'application/json',
        authorization: 'Bearer sk',
      });

      expect(harness.upstream.lastRequest?.sha256).toBe(sha256(body));
    },
  );

  it('keeps arbitrary bytes on a passthrough route (multipart upload)', async () => {
    const boundary = 'headroom-boundary';
    const bytes = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\n\r\n`,
      ),
      Buffer.from([0, 255, 1, 254, 13, 10, 0xc3, 0x28]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);

    await post(harness, '/v1/files', bytes, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      authorization: 'Bearer sk',
    });

    expect(harness.upstream.lastRequest?.sha256).toBe(sha256(bytes));
    expect(harness.upstream.lastRequest?.headers['content-type']).toBe(
      `multipart/form-data; boundary=${boundary}`,
    );
  });
});

describe('a body the pipeline changed', () => {
  let harness: Harness;

  beforeAll(async () => {
    // A stand-in that rewrites every body, so the test is about the HTTP layer only.
    const shrinking = pipelineWith({
      run: async () =>
        stubResult(
          Buffer.from(
            JSON.stringify({
              model: 'gpt-4o-mini',
              messages: [{ role: 'user', content: 'short' }],
            }),
          ),
          {
            tokensBefore: 5000,
            tokensAfter: 10,
          },
        ),
    });
    harness = await startHarness({ pipeline: shrinking });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('goes upstream with one content-length equal to the bytes sent (BL-37a)', async () => {
    const big = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'tool', content: 'x'.repeat(200_000) }],
    });

    const response = await post(harness, '/v1/chat/completions', big, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(big)),
    });

    expect(response.status).toBe(200);
    const received = harness.upstream.lastRequest;
    const lengths = (received?.rawHeaders ?? []).filter(
      (_, index, all) => index % 2 === 0 && all[index].toLowerCase() === 'content-length',
    );
    expect(lengths).toHaveLength(1);
    expect(Number(received?.headers['content-length'])).toBe(received?.body.length);
    expect(received?.body.toString('utf8')).toContain('short');
  });

  it('counts the tokens it saved in /metrics', async () => {
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();

    expect(metrics).toMatch(/headroom_tokens_before_total\{route="openai-chat"\} 5000/);
    expect(metrics).toMatch(/headroom_tokens_after_total\{route="openai-chat"\} 10/);
  });
});

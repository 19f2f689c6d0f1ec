import {
  openAIChatCompletion,
  openAIChatStream,
  openAIResponse,
  openAIResponsesStream,
} from '@headroom/testing';
import OpenAI from 'openai';
import { type Harness, sha256, startHarness } from './support/gateway-harness';

const TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'lookup_order',
      description: 'Look an order up by id',
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    },
  },
];

describe('official openai SDK through the gateway', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness();
    client = new OpenAI({ apiKey: 'sk-test-openai', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => harness.upstream.reset());

  describe('chat.completions', () => {
    it('relays a non-streaming completion and forwards the credential untouched', async () => {
      const completion = await client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
        { headers: { 'x-headroom-session-id': 'sess-1', 'OpenAI-Organization': 'org-demo' } },
      );

      expect(completion.choices[0].message.content).toBe('ok');
      const received = harness.upstream.lastRequest;
      expect(received?.path).toBe('/v1/chat/completions');
      expect(received?.headers['authorization']).toBe('Bearer sk-test-openai');
      expect(received?.headers['openai-organization']).toBe('org-demo');
      expect(
        Object.keys(received?.headers ?? {}).filter((name) => name.startsWith('x-headroom-')),
      ).toEqual([]);
    });

    it('streams a completion chunk by chunk', async () => {
      harness.upstream.enqueue({
        kind: 'sse',
        events: openAIChatStream({ text: 'streamed through headroom' }),
        intervalMs: 5,
      });

      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      });
      const pieces: string[] = [];
      for await (const chunk of stream) {
        pieces.push(chunk.choices[0]?.delta?.content ?? '');
      }

      expect(pieces.join('')).toBe('streamed through headroom');
      expect(pieces.length).toBeGreaterThan(3);
    });

    it('relays tool calls with their arguments byte for byte, streaming and not (BL-13)', async () => {
      const call = { id: 'call_1', name: 'lookup_order', arguments: '{"q":"alpha"}{"q":"beta"}' };
      harness.upstream.enqueue(
        { kind: 'json', body: openAIChatCompletion({ toolCalls: [call] }) },
        { kind: 'sse', events: openAIChatStream({ toolCalls: [call] }) },
      );
      const request = {
        model: 'gpt-4o-mini',
        tools: TOOLS,
        messages: [{ role: 'user' as const, content: 'where is order 7?' }],
      };

      const completion = await client.chat.completions.create(request);
      const stream = await client.chat.completions.create({ ...request, stream: true });
      let streamedArguments = '';
      for await (const chunk of stream) {
        streamedArguments += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
      }

      const message = completion.choices[0].message;
      expect(message.tool_calls?.[0]).toMatchObject({
        id: 'call_1',
        function: { name: 'lookup_order', arguments: call.arguments },
      });
      expect(streamedArguments).toBe(call.arguments);
    });

    it('sends the bytes the SDK wrote upstream unchanged when nothing is compressible', async () => {
      const sent: string[] = [];
      const capturing = new OpenAI({
        apiKey: 'sk-test-openai',
        baseURL: `${harness.url}/v1`,
        maxRetries: 0,
        fetch: async (url, init) => {
          sent.push(String(init?.body));

          return fetch(url, init);
        },
      });

      await capturing.chat.completions.create({
        model: 'gpt-4o-mini',
        temperature: 1.0,
        messages: [
          { role: 'system', content: 'Réponds en français.' },
          { role: 'user', content: 'hi' },
        ],
      });

      expect(sent).toHaveLength(1);
      expect(harness.upstream.lastRequest?.sha256).toBe(sha256(sent[0]));
    });
  });

  describe('responses', () => {
    it('relays a non-streaming response', async () => {
      harness.upstream.enqueue({ kind: 'json', body: openAIResponse({ text: 'from responses' }) });

      const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello' });

      expect(response.output_text).toBe('from responses');
      expect(harness.upstream.lastRequest?.path).toBe('/v1/responses');
    });

    it('streams response events', async () => {
      harness.upstream.enqueue({
        kind: 'sse',
        events: openAIResponsesStream({ text: 'typed events' }),
      });

      const stream = await client.responses.create({
        model: 'gpt-4o-mini',
        input: 'hello',
        stream: true,
      });
      const types: string[] = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') {
          text += event.delta;
        }
      }

      expect(types[0]).toBe('response.created');
      expect(types[types.length - 1]).toBe('response.completed');
      expect(text).toBe('typed events');
    });
  });

  describe('other /v1 routes', () => {
    it('passes models.list through to the OpenAI upstream with the query string', async () => {
      harness.upstream.enqueue({
        kind: 'json',
        body: {
          object: 'list',
          data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'openai' }],
        },
      });

      const page = await client.models.list();

      expect(page.data.map((model) => model.id)).toEqual(['gpt-4o-mini']);
      expect(harness.upstream.lastRequest?.method).toBe('GET');
      expect(harness.upstream.lastRequest?.path).toBe('/v1/models');
    });

    it('passes a DELETE with its path through', async () => {
      harness.upstream.enqueue({
        kind: 'json',
        body: { id: 'file-1', object: 'file', deleted: true },
      });

      const deleted = await client.files.delete('file-1');

      expect(deleted.deleted).toBe(true);
      expect(harness.upstream.lastRequest).toMatchObject({
        method: 'DELETE',
        path: '/v1/files/file-1',
      });
    });
  });
});

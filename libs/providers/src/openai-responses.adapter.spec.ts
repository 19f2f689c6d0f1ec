import { inspectOpenAiResponses } from './openai-responses.adapter';

const output = 'export const answer = 42;\n'.repeat(20);

function body(call: Record<string, unknown>) {
  return {
    model: 'gpt-4.1',
    input: [
      { role: 'user', content: 'What does app.ts export?' },
      { call_id: 'call_1', name: 'read_file', ...call },
      { type: 'function_call_output', call_id: 'call_1', output },
    ],
  };
}

describe(inspectOpenAiResponses.name, () => {
  describe('units', () => {
    it('carries the file a function_call names in its arguments to its output', () => {
      const view = inspectOpenAiResponses(
        body({ type: 'function_call', arguments: '{"filename":"src/app.ts"}' }),
      );

      expect(view.units).toEqual([
        {
          path: ['input', 2, 'output'],
          text: output,
          toolName: 'read_file',
          sourcePath: 'src/app.ts',
        },
      ]);
    });

    it.each([
      ['concatenated argument objects', { type: 'function_call', arguments: '{"path":"a.ts"}{}' }],
      ['arguments cut short', { type: 'function_call', arguments: '{"path":"a.ts' }],
      ['no arguments', { type: 'function_call' }],
      [
        'a custom tool, whose input is free text',
        { type: 'custom_tool_call', input: '{"path":"a.ts"}' },
      ],
    ])('names no file for %s and keeps the tool name', (_name, call) => {
      const [unit] = inspectOpenAiResponses(body(call)).units;

      expect(unit.toolName).toBe('read_file');
      expect(unit).not.toHaveProperty('sourcePath');
    });

    it('leaves the request as it was', () => {
      const request = body({ type: 'function_call', arguments: '{"path":"a.ts"}' });
      const before = JSON.stringify(request);

      inspectOpenAiResponses(request);

      expect(JSON.stringify(request)).toBe(before);
    });
  });
});

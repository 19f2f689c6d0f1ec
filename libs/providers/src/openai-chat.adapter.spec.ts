import { inspectOpenAiChat } from './openai-chat.adapter';

const output = 'export const answer = 42;\n'.repeat(20);

function body(args: unknown) {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'What does app.ts export?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: args } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: output },
    ],
  };
}

describe(inspectOpenAiChat.name, () => {
  describe('units', () => {
    it('carries the file a call names in its arguments string to its tool message', () => {
      const view = inspectOpenAiChat(body('{"path":"src/app.ts"}'));

      expect(view.units).toEqual([
        {
          path: ['messages', 2, 'content'],
          text: output,
          toolName: 'read_file',
          sourcePath: 'src/app.ts',
        },
      ]);
    });

    it.each([
      ['concatenated argument objects', '{"path":"src/app.ts"}{"path":"src/b.py"}'],
      ['arguments cut short', '{"path":"src/app.ts'],
      ['arguments that are not JSON', 'src/app.ts'],
      ['arguments given as an object', { path: 'src/app.ts' }],
      ['no arguments', undefined],
    ])('names no file for %s and keeps the tool name', (_name, args) => {
      const [unit] = inspectOpenAiChat(body(args)).units;

      expect(unit.toolName).toBe('read_file');
      expect(unit).not.toHaveProperty('sourcePath');
    });

    it('names the function of a legacy function message, and no file', () => {
      const view = inspectOpenAiChat({
        model: 'gpt-4o',
        messages: [{ role: 'function', name: 'read_file', content: output }],
      });

      expect(view.units).toEqual([
        { path: ['messages', 0, 'content'], text: output, toolName: 'read_file' },
      ]);
    });

    it('leaves the request as it was', () => {
      const request = body('{"path":"src/app.ts"}{"broken"');
      const before = JSON.stringify(request);

      inspectOpenAiChat(request);

      expect(JSON.stringify(request)).toBe(before);
    });
  });
});

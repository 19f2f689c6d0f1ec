import { inspectAnthropicMessages } from './anthropic-messages.adapter';

const output = 'export const answer = 42;\n'.repeat(20);

function body(input: unknown) {
  return {
    model: 'claude-sonnet-4-5',
    messages: [
      { role: 'user', content: 'What does app.ts export?' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output }],
      },
    ],
  };
}

describe(inspectAnthropicMessages.name, () => {
  describe('units', () => {
    it('carries the file a tool_use input names to its tool_result', () => {
      const view = inspectAnthropicMessages(body({ file_path: '/repo/src/app.ts', limit: 40 }));

      expect(view.units).toEqual([
        {
          path: ['messages', 2, 'content', 0, 'content'],
          text: output,
          toolName: 'Read',
          sourcePath: '/repo/src/app.ts',
        },
      ]);
    });

    it.each([
      ['an input with no path', { command: 'cat src/app.ts' }],
      ['an input that is a string', '{"file_path":"/repo/src/app.ts"}'],
      ['no input', undefined],
    ])('names no file for %s and keeps the tool name', (_name, input) => {
      const [unit] = inspectAnthropicMessages(body(input)).units;

      expect(unit.toolName).toBe('Read');
      expect(unit).not.toHaveProperty('sourcePath');
    });

    it('leaves the request as it was', () => {
      const request = body({ file_path: '/repo/src/app.ts' });
      const before = JSON.stringify(request);

      inspectAnthropicMessages(request);

      expect(JSON.stringify(request)).toBe(before);
    });
  });
});

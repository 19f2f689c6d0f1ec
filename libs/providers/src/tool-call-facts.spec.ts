import { PATH_ARGUMENT_NAMES, parseToolArguments, toolCallFacts } from './tool-call-facts';

describe(toolCallFacts.name, () => {
  it('takes the name and the named file of a call', () => {
    expect(toolCallFacts('Read', { file_path: '/repo/src/app.ts', limit: 40 })).toEqual({
      toolName: 'Read',
      sourcePath: '/repo/src/app.ts',
    });
  });

  it.each(PATH_ARGUMENT_NAMES)('counts `%s` as naming a file', (name) => {
    expect(toolCallFacts('read', { [name]: 'a.py' }).sourcePath).toBe('a.py');
  });

  it('prefers the first name of the list when a call has several', () => {
    expect(toolCallFacts('edit', { path: 'dir', file_path: 'dir/a.py' }).sourcePath).toBe(
      'dir/a.py',
    );
    expect(toolCallFacts('edit', { path: 42, filename: 'b.rs' }).sourcePath).toBe('b.rs');
  });

  it.each([
    ['a path that is not a string', { path: ['a.py'] }],
    ['an empty path', { file_path: '' }],
    ['a name that only searches for a file', { file_name: 'a.py' }],
    ['a key only the prototype has', JSON.parse('{"__proto__":{"path":"a.py"}}') as object],
    ['no arguments', undefined],
  ])('names no file for %s, and keeps the name', (_name, args) => {
    expect(toolCallFacts('Read', args as Record<string, unknown> | undefined)).toEqual({
      toolName: 'Read',
    });
  });

  it('never writes into the arguments it reads', () => {
    const args = { file_path: 'a.py', nested: { path: 'b.py' } };
    const before = JSON.stringify(args);

    toolCallFacts('Read', args);

    expect(JSON.stringify(args)).toBe(before);
  });
});

describe(parseToolArguments.name, () => {
  it('reads one JSON object, whitespace around it allowed', () => {
    expect(parseToolArguments(' \n{ "file_path" : "src/app.ts" }\n')).toEqual({
      file_path: 'src/app.ts',
    });
  });

  it.each([
    ['concatenated objects', '{"path":"a.py"}{"path":"b.ts"}'],
    ['a stream cut short', '{"file_path":"src/app.t'],
    ['an empty string', ''],
    ['JSON that is not an object', '["a.py"]'],
    ['a JSON string', '"a.py"'],
    ['null', 'null'],
    ['an object rather than a string', { path: 'a.py' }],
    [
      'arguments too long to be worth parsing',
      JSON.stringify({ path: 'a.py', pad: 'x'.repeat(70_000) }),
    ],
  ])('gives nothing for %s, and never throws', (_name, text) => {
    expect(() => parseToolArguments(text)).not.toThrow();
    expect(parseToolArguments(text)).toBeUndefined();
  });
});

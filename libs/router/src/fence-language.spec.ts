import { fenceKind, kindOfName, kindOfPath, routedKind } from './fence-language';

describe(kindOfName.name, () => {
  it('reads language names and file extensions alike, in any case', () => {
    expect(kindOfName('py')).toEqual({ kind: 'code', language: 'python' });
    expect(kindOfName('Python')).toEqual({ kind: 'code', language: 'python' });
    expect(kindOfName('mts')).toEqual({ kind: 'code', language: 'typescript' });
    expect(kindOfName('md')).toEqual({ kind: 'markdown' });
  });

  it('knows nothing of names outside its table, inherited ones included', () => {
    expect(kindOfName('exs')).toBeUndefined();
    expect(kindOfName('constructor')).toBeUndefined();
    expect(kindOfName('__proto__')).toBeUndefined();
  });
});

describe(fenceKind.name, () => {
  it('takes the first word of an info string', () => {
    expect(fenceKind(' ts title="x.ts"')).toEqual({ kind: 'code', language: 'typescript' });
    expect(fenceKind('json{.numberLines}')).toEqual({ kind: 'json' });
    expect(fenceKind('')).toBeUndefined();
  });
});

describe(kindOfPath.name, () => {
  it('reads the extension of the base name, whatever the directories are called', () => {
    expect(kindOfPath('/repo/src/app.ts')).toEqual({ kind: 'code', language: 'typescript' });
    expect(kindOfPath('C:\\work\\Data.JSON')).toEqual({ kind: 'json' });
    expect(kindOfPath('docs.v2/README.md')).toEqual({ kind: 'markdown' });
  });

  it('knows nothing of names without an extension or with one outside the table', () => {
    expect(kindOfPath('src.ts/Makefile')).toBeUndefined();
    expect(kindOfPath('/home/me/.bashrc')).toBeUndefined();
    expect(kindOfPath('lib/app.ex')).toBeUndefined();
    expect(kindOfPath('notes.')).toBeUndefined();
    expect(kindOfPath('')).toBeUndefined();
  });
});

describe(routedKind.name, () => {
  const typescript = { kind: 'code', language: 'typescript' } as const;

  it('lets a code file name decide for text without structure and for the language of code', () => {
    expect(routedKind({ kind: 'prose' }, typescript)).toEqual(typescript);
    expect(routedKind({ kind: 'code', language: 'javascript' }, typescript)).toEqual(typescript);
  });

  it('keeps what the content says otherwise', () => {
    expect(routedKind({ kind: 'search' }, typescript)).toEqual({ kind: 'search' });
    expect(routedKind({ kind: 'numbered', language: 'python' }, typescript)).toEqual({
      kind: 'numbered',
      language: 'python',
    });
    expect(routedKind({ kind: 'prose' }, { kind: 'json' })).toEqual({ kind: 'prose' });
    expect(routedKind({ kind: 'prose' }, undefined)).toEqual({ kind: 'prose' });
  });
});

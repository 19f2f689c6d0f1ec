import { fenceKind, kindOfName } from './fence-language';

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

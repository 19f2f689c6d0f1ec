import { corpusDir } from './corpus-dir';

describe(corpusDir.name, () => {
  const saved = process.env['HEADROOM_CORPUS_DIR'];

  afterEach(() => {
    if (saved === undefined) {
      delete process.env['HEADROOM_CORPUS_DIR'];
    } else {
      process.env['HEADROOM_CORPUS_DIR'] = saved;
    }
  });

  it('fails with the path when the corpus is missing instead of skipping', () => {
    process.env['HEADROOM_CORPUS_DIR'] = '/nonexistent/headroom-corpus';

    expect(() => corpusDir()).toThrow(/corpus not found at \/nonexistent\/headroom-corpus/);
  });
});

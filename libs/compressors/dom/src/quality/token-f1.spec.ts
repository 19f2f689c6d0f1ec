import { markdownText, tokenF1, wordTokens } from './token-f1';

describe(wordTokens.name, () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['**bold** `code` _em_', ['bold', 'code', 'em']],
    ['日本語です', ['日', '本', '語', 'で', 'す']],
    ['Ünïcödé ＦＵＬＬ', ['ünïcödé', 'full']],
  ])('reduces %j to words', (text, tokens) => {
    expect(wordTokens(text)).toEqual(tokens);
  });
});

describe(markdownText.name, () => {
  it('drops link targets, images and markers', () => {
    const markdown = `[read more](https://x.test/a) ![alt](i.png) [[headroom:${'a'.repeat(24)} note]]`;

    expect(wordTokens(markdownText(markdown))).toEqual(['read', 'more']);
  });
});

describe(tokenF1.name, () => {
  it.each([
    [['a', 'b'], ['a', 'b'], 1, 1],
    [['a', 'a', 'b'], ['a', 'b'], 2 / 3, 1],
    [['a'], ['a', 'b'], 1, 0.5],
    [[], ['a'], 0, 0],
  ])('scores %j against %j', (candidate, reference, precision, recall) => {
    const score = tokenF1(candidate, reference);

    expect(score.precision).toBeCloseTo(precision);
    expect(score.recall).toBeCloseTo(recall);
  });
});

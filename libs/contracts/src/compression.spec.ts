import { type CompressInput, screenInput } from './compression';
import { ccrKey, formatMarker } from './marker';

const WINDOW = { minChars: 10, maxChars: 100 };

function input(text: string, overrides: Partial<CompressInput> = {}): CompressInput {
  return { text, kind: 'code', query: '', lossless: false, ...overrides };
}

describe(screenInput.name, () => {
  it('lets a block inside the window through', () => {
    expect(screenInput(input('x'.repeat(50)), WINDOW)).toBeUndefined();
  });

  it('refuses marker-free mode before anything else', () => {
    expect(screenInput(input('x', { lossless: true }), WINDOW)).toEqual({
      status: 'skipped',
      reason: 'lossless-only',
    });
  });

  it("takes the input's own minimum over the window's", () => {
    expect(screenInput(input('x'.repeat(50), { minChars: 60 }), WINDOW)).toMatchObject({
      reason: 'too-small',
    });
    expect(screenInput(input('x'.repeat(5), { minChars: 1 }), WINDOW)).toBeUndefined();
  });

  it('names the ceiling a block is over', () => {
    expect(screenInput(input('x'.repeat(101)), WINDOW)).toEqual({
      status: 'skipped',
      reason: 'not-compressible',
      detail: 'longer than 100 characters',
    });
  });

  it('leaves content that already carries a marker alone', () => {
    const text = `before ${formatMarker(ccrKey('original'), 'rows omitted')} after`;

    expect(screenInput(input(text), WINDOW)).toMatchObject({ reason: 'already-compressed' });
  });
});

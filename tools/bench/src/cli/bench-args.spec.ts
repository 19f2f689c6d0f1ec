import { SUITES, parseBenchArgs } from './bench-args';

describe(parseBenchArgs.name, () => {
  it('runs every suite at full length by default', () => {
    expect(parseBenchArgs([])).toEqual({ suites: SUITES, quick: false });
  });

  it('takes --only as a comma list in either form, in suite order', () => {
    expect(parseBenchArgs(['--only', 'gateway,json']).suites).toEqual(['json', 'gateway']);
    expect(parseBenchArgs(['--only=scaling', '--quick'])).toEqual({
      suites: ['scaling'],
      quick: true,
    });
  });

  it('rejects unknown suites and arguments', () => {
    expect(() => parseBenchArgs(['--only', 'jsno'])).toThrow(/jsno/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast/);
  });
});

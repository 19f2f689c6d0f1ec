import { LabelLimiter, OTHER_LABEL } from './label-limiter';

describe(LabelLimiter.name, () => {
  describe('label', () => {
    it('passes known values and the first few new ones, then collapses to other', () => {
      const limiter = new LabelLimiter(2, new Set(['gpt-4o']));

      const labels = ['a', 'gpt-4o', 'b', 'c', 'a', 'gpt-4o', 'd'].map((value) =>
        limiter.label(value),
      );

      expect(labels).toEqual(['a', 'gpt-4o', 'b', OTHER_LABEL, 'a', 'gpt-4o', OTHER_LABEL]);
    });

    it('names a missing value unknown', () => {
      expect(new LabelLimiter(1).label(undefined)).toBe('unknown');
    });
  });
});

import { LANGUAGE_SAMPLES } from '../testing/language-samples';
import { detectLanguage } from './language-detector';

// Languages that share a grammar may be taken for each other; that is enough.
const SAME_GRAMMAR: Record<string, string[]> = {
  tsx: ['tsx', 'typescript', 'javascript'],
  c: ['c', 'cpp'],
};

describe(detectLanguage.name, () => {
  it.each(LANGUAGE_SAMPLES.map((sample) => [sample.language, sample.source]))(
    'recognises %s',
    (language, source) => {
      expect(SAME_GRAMMAR[language] ?? [language]).toContain(detectLanguage(source));
    },
  );

  it.each([
    ['#!/usr/bin/env python3\nprint(1)\n', 'python'],
    ['#!/bin/sh\necho hi\n', 'shell'],
    ['#!/usr/bin/env node\nconsole.log(1)\n', 'javascript'],
  ])('trusts a shebang: %j', (source, language) => {
    expect(detectLanguage(source)).toBe(language);
  });

  it('gives up on prose', () => {
    expect(
      detectLanguage('This is a paragraph.\nAnd another one, with words.\n'.repeat(20)),
    ).toBeUndefined();
  });
});

import { ccrKey, parseMarkers, type CodeLanguage, type CompressOutcome } from '@headroom/contracts';
import fc from 'fast-check';
import { CodeCompressor } from './code.compressor';
import { sharedGrammars } from './grammar-registry';
import { syntaxErrorsOf } from './syntax-check';

const compressor = new CodeCompressor({ minChars: 0, maxRatio: 1, minBodyLines: 2 });

const word = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/);
const literal = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((value) => JSON.stringify(value));

type Template = {
  statement: (name: string, value: string) => string;
  comment: (text: string) => string;
  declare: (name: string, body: string[]) => string;
};

// Small programs made of functions with random bodies, random string
// literals (any Unicode) and random comments, plus stray lines that may not
// parse at all.
const TEMPLATES: Partial<Record<CodeLanguage, Template>> = {
  typescript: {
    statement: (name, value) =>
      `  const ${name} = ${value}; if (${name}.length > 3) { return ${name}; }`,
    comment: (text) => `/**\n * ${text}\n * more\n * and more\n * and even more text\n */`,
    declare: (name, body) =>
      `export function ${name}(input: string): string {\n${body.join('\n')}\n  return input;\n}`,
  },
  python: {
    statement: (name, value) =>
      `    ${name} = ${value}\n    if len(${name}) > 3:\n        return ${name}`,
    comment: (text) => `# ${text}\n# more\n# and more\n# and even more text`,
    declare: (name, body) =>
      `def ${name}(value):\n    """${name} docs."""\n${body.join('\n')}\n    return value`,
  },
  go: {
    statement: (name, value) =>
      `\t${name} := ${value}\n\tif len(${name}) > 3 {\n\t\treturn ${name}\n\t}`,
    comment: (text) => `// ${text}\n// more\n// and more\n// and even more text`,
    declare: (name, body) =>
      `func ${name}(value string) string {\n${body.join('\n')}\n\treturn value\n}`,
  },
  ruby: {
    statement: (name, value) => `  ${name} = ${value}\n  return ${name} if ${name}.length > 3`,
    comment: (text) => `# ${text}\n# more\n# and more\n# and even more text`,
    declare: (name, body) => `def ${name}(value)\n${body.join('\n')}\n  value\nend`,
  },
};

function program(template: Template) {
  const declaration = fc
    .tuple(word, fc.array(fc.tuple(word, literal), { minLength: 1, maxLength: 6 }))
    .map(([name, body]) =>
      template.declare(
        name,
        body.map(([n, v]) => template.statement(n, v)),
      ),
    );
  const part = fc.oneof(
    { weight: 5, arbitrary: declaration },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(template.comment) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );

  return fc.array(part, { maxLength: 12 }).map((parts) => parts.join('\n\n'));
}

async function run(language: CodeLanguage, text: string, query = ''): Promise<CompressOutcome> {
  return compressor.compress({ text, kind: 'code', language, query, lossless: false });
}

async function errors(language: CodeLanguage, text: string): Promise<number> {
  return syntaxErrorsOf(await sharedGrammars.parserFor(language), text);
}

describe(CodeCompressor.name, () => {
  describe.each(Object.entries(TEMPLATES) as Array<[CodeLanguage, Template]>)(
    'on %s',
    (language, template) => {
      it('compresses a good share of the generated programs', async () => {
        const samples = fc.sample(program(template), { numRuns: 40, seed: 7 });
        const outcomes = await Promise.all(samples.map((text) => run(language, text)));

        expect(outcomes.filter((o) => o.status === 'compressed').length).toBeGreaterThanOrEqual(10);
      });

      it('never throws, and gives the same bytes twice', async () => {
        await fc.assert(
          fc.asyncProperty(program(template), fc.string({ maxLength: 20 }), async (text, query) => {
            expect(await run(language, text, query)).toEqual(await run(language, text, query));
          }),
          { numRuns: 60 },
        );
      });

      it('never grows the input and never adds syntax errors', async () => {
        await fc.assert(
          fc.asyncProperty(program(template), async (text) => {
            const outcome = await run(language, text);
            if (outcome.status !== 'compressed') return;

            expect(outcome.text.length).toBeLessThanOrEqual(text.length);
            expect(await errors(language, outcome.text)).toBeLessThanOrEqual(
              await errors(language, text),
            );
          }),
          { numRuns: 60 },
        );
      });

      it('names only the input, returned whole, in its markers', async () => {
        await fc.assert(
          fc.asyncProperty(program(template), async (text) => {
            const outcome = await run(language, text);
            if (outcome.status !== 'compressed') return;

            expect(outcome.originals.map((original) => original.content)).toEqual([text]);
            const markers = parseMarkers(outcome.text);
            expect(markers.length).toBeGreaterThan(0);
            expect(markers.every((marker) => marker.key === ccrKey(text))).toBe(true);
          }),
          { numRuns: 60 },
        );
      });
    },
  );

  it('never throws on arbitrary text in any language', async () => {
    const languages = [
      'typescript',
      'python',
      'rust',
      'cpp',
      'shell',
      'php',
      'csharp',
      'java',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...languages),
        fc.string({ maxLength: 300 }),
        async (language, text) => {
          const outcome = await run(language, text);

          expect(['compressed', 'skipped']).toContain(outcome.status);
        },
      ),
      { numRuns: 100 },
    );
  });
});

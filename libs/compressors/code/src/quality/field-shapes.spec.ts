import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLanguage } from '@headroom/contracts';
import type { Node } from 'web-tree-sitter';
import { CodeCompressor } from '../lib/code.compressor';
import { sharedGrammars } from '../lib/grammar-registry';
import { countSyntaxErrors, syntaxErrorsOf } from '../lib/syntax-check';
import { type CodeQuality, measureCodeQuality } from './code-quality';
import { type CodeSample, findCodeSamples, sampleRoots } from './code-samples';

// BL-32: the shapes that made another AST compressor emit invalid code (or
// give up without saying so), taken from installed sources where one has
// them, read where they are installed. Go and Java have no installed sources
// here: two small original files stand in for them.

// A regular expression finds candidates fast; the syntax tree confirms the
// shape is code, not text in a docstring or a string.
type Shape = {
  name: string;
  language: CodeLanguage;
  candidate: RegExp;
  confirm: (root: Node) => boolean;
};

const INSTALLED_SHAPES: Shape[] = [
  {
    name: 'Python decorators',
    language: 'python',
    candidate: /^[ \t]*@\w/m,
    confirm: (root) => root.descendantsOfType('decorated_definition').length > 0,
  },
  {
    name: 'Python async generator',
    language: 'python',
    candidate: /async def [^]*?\byield\b/,
    confirm: (root) =>
      root
        .descendantsOfType('function_definition')
        .some((node) => node?.text.startsWith('async') && yieldsItself(node)),
  },
  {
    name: 'Python nested class',
    language: 'python',
    candidate: /^[ \t]+class \w/m,
    confirm: (root) =>
      root
        .descendantsOfType('class_definition')
        .some((node) => hasAncestor(node, 'class_definition')),
  },
  {
    name: 'TypeScript export default class',
    language: 'typescript',
    candidate: /^export default class /m,
    confirm: (root) => root.descendantsOfType('class_declaration').length > 0,
  },
  {
    name: 'TypeScript overloaded function',
    language: 'typescript',
    candidate: /^export function \w+[(<][^\n]*;$/m,
    confirm: (root) => root.descendantsOfType('function_signature').length > 0,
  },
  {
    name: 'TypeScript generics',
    language: 'typescript',
    candidate: /^export (?:function|class) \w+</m,
    confirm: (root) => root.descendantsOfType('type_parameters').length > 0,
  },
  {
    name: 'JavaScript class',
    language: 'javascript',
    candidate: /^class \w+/m,
    confirm: (root) => root.descendantsOfType('method_definition').length >= 3,
  },
];

function hasAncestor(node: Node | null, type: string): boolean {
  for (let parent = node?.parent; parent; parent = parent.parent) {
    if (parent.type === type) return true;
  }

  return false;
}

// A yield in the function's own body, not in a function nested inside it.
function yieldsItself(fn: Node | null): boolean {
  return (fn?.descendantsOfType('yield') ?? []).some((node) => {
    for (let parent = node?.parent; parent; parent = parent.parent) {
      if (parent.type === 'function_definition' || parent.type === 'lambda') {
        return parent.id === fn?.id;
      }
    }

    return false;
  });
}

const lines = (count: number, render: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => render(index)).join('\n');

const PYTHON_SIGNATURE = [
  'def tally_by_region(',
  '    orders: list[dict[str, object]],',
  '    *,',
  '    region_key: str = "region",',
  '    skip_empty: bool = True,',
  ') -> dict[str, int]:',
].join('\n');

const GO_SIGNATURE = [
  'func (s *Store) Flush(',
  '\tctx context.Context,',
  '\tbatch []Record,',
  '\topts ...FlushOption,',
  ') error {',
].join('\n');

const JAVA_METHODS = ['open', 'reserve', 'settle'];

const ORIGINAL_FILES: Array<{ name: string; language: CodeLanguage; file: string; text: string }> =
  [
    {
      name: 'Python multi-line signature',
      language: 'python',
      file: 'tally.py',
      text: `from collections import Counter\n\n\n${PYTHON_SIGNATURE}\n    """Count orders per region."""\n${lines(
        12,
        (i) =>
          `    step_${i} = [o for o in orders if o.get(region_key) or not skip_empty]  # pass ${i}`,
      )}\n    return dict(Counter(str(o.get(region_key)) for o in step_0))\n`,
    },
    {
      name: 'Go multi-line signature',
      language: 'go',
      file: 'store.go',
      text: `package store\n\nimport (\n\t"context"\n\t"errors"\n)\n\ntype Record struct{ ID string }\n\ntype FlushOption func(*Store)\n\ntype Store struct{ pending []Record }\n\n${GO_SIGNATURE}\n${lines(
        12,
        (i) =>
          `\tif err := ctx.Err(); err != nil && len(batch) > ${i} {\n\t\treturn errors.Join(err, errors.New("flush ${i}"))\n\t}`,
      )}\n\ts.pending = append(s.pending, batch...)\n\treturn nil\n}\n`,
    },
    {
      name: 'Java class with three methods',
      language: 'java',
      file: 'Ledger.java',
      text: `package shop;\n\nimport java.util.ArrayList;\nimport java.util.List;\n\npublic class Ledger {\n  private final List<Long> entries = new ArrayList<>();\n\n${JAVA_METHODS.map(
        (method, m) =>
          `  public long ${method}(long amount, String reference) {\n${lines(
            8,
            (i) =>
              `    if (reference.length() > ${i + m}) { entries.add(amount * ${i + 1}L + reference.hashCode()); }`,
          )}\n    return entries.size();\n  }\n`,
      ).join('\n')}}\n`,
    },
  ];

async function firstInstalled(
  shape: Shape,
  candidates: readonly CodeSample[],
  taken: ReadonlySet<string>,
): Promise<CodeSample | undefined> {
  const parser = await sharedGrammars.parserFor(shape.language);
  for (const sample of candidates) {
    if (sample.language !== shape.language || taken.has(sample.path)) continue;
    const text = readFileSync(sample.path, 'utf8');
    if (text.length > 60_000 || !shape.candidate.test(text)) continue;

    const tree = parser.parse(text);
    if (!tree) continue;
    try {
      if (countSyntaxErrors(tree) === 0 && shape.confirm(tree.rootNode)) return sample;
    } finally {
      tree.delete();
    }
  }

  return undefined;
}

async function syntaxErrors(language: CodeLanguage, text: string): Promise<number> {
  return syntaxErrorsOf(await sharedGrammars.parserFor(language), text);
}

describe('code compressor on the shapes that broke elsewhere (BL-32)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-code-shapes-'));
  const named = new Map<string, CodeQuality>();

  beforeAll(async () => {
    const installed = findCodeSamples(sampleRoots(), 100_000);
    const samples: Array<{ name: string; sample: CodeSample }> = [];
    for (const shape of INSTALLED_SHAPES) {
      const taken = new Set(samples.map(({ sample: chosen }) => chosen.path));
      const sample = await firstInstalled(shape, installed, taken);
      if (sample) samples.push({ name: shape.name, sample });
    }
    for (const original of ORIGINAL_FILES) {
      const path = join(directory, original.file);
      writeFileSync(path, original.text);
      samples.push({ name: original.name, sample: { language: original.language, path } });
    }

    const rows = await measureCodeQuality(samples.map(({ sample }) => sample));
    rows.forEach((row, index) => named.set(samples[index].name, row));
    if (process.env['SHOW']) {
      for (const [name, row] of named) {
        console.log(`${name}: ${row.path} ${row.charsBefore} → ${row.charsAfter} ${row.status}`);
      }
    }
  }, 120_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('finds every shape in its own file: 7 in installed sources, 3 original', () => {
    expect(new Set([...named.values()].map((row) => row.path)).size).toBe(10);
    expect([...named.keys()].sort()).toEqual(
      [...INSTALLED_SHAPES, ...ORIGINAL_FILES].map((shape) => shape.name).sort(),
    );
  });

  it('gives outputs that parse with the same grammar, with no new ERROR nodes', () => {
    const worse = [...named].filter(([, row]) => row.errorsAfter > row.errorsBefore);

    expect(worse.map(([name, row]) => `${name}: ${row.path}`)).toEqual([]);
  });

  it('keeps every top-level import and signature', () => {
    const missing = [...named].filter(([, row]) => row.missingOutline.length > 0);

    expect(missing.map(([name, row]) => [name, row.missingOutline.slice(0, 3)])).toEqual([]);
  });

  it('falls back on at most one file, and names why', () => {
    const fallbacks = [...named].filter(([, row]) => !row.status.startsWith('code:'));

    expect(fallbacks.length).toBeLessThanOrEqual(1);
    for (const [, row] of fallbacks) {
      expect(row.status).toMatch(/^[a-z-]+$/);
      expect(row.output).toBe(readFileSync(row.path, 'utf8'));
    }
  });

  it.each([
    ['Python multi-line signature', PYTHON_SIGNATURE],
    ['Go multi-line signature', GO_SIGNATURE],
  ])('keeps the whole %s, byte for byte', (name, signature) => {
    const row = named.get(name);

    expect(row?.status).toContain('code:bodies');
    expect(row?.output).toContain(signature);
    expect(row?.errorsAfter).toBe(0);
  });

  it('really elides each Java method body', () => {
    const row = named.get('Java class with three methods');

    expect(row?.status).toContain('code:bodies');
    for (const method of JAVA_METHODS) {
      expect(row?.output).toContain(`public long ${method}(long amount, String reference) {`);
      expect(row?.output).toMatch(new RegExp(`body of ${method} elided`));
    }
    expect((row?.charsAfter ?? 0) / (row?.charsBefore ?? 1)).toBeLessThan(0.6);
    expect(row?.errorsAfter).toBe(0);
  });

  it('never doubles an export or a closing brace', () => {
    for (const [, row] of named) {
      expect(row.output).not.toMatch(/\bexport\s+export\b/);
      expect(row.output.split('}').length).toBeLessThanOrEqual(
        readFileSync(row.path, 'utf8').split('}').length,
      );
    }
  });
});

// BL-33: tree-sitter reports UTF-8 byte offsets; JS strings index UTF-16
// units. Text with emoji (two units), CJK (three UTF-8 bytes, one unit) and
// combining marks before and inside the elided bodies must come out whole.
const COMBINING = 'cafe\u0301 n\u0303 a\u030a';

const UNICODE_FILES: Array<{
  language: CodeLanguage;
  text: string;
  kept: string[];
  elided: string[];
}> = [
  {
    language: 'python',
    text: [
      '# 配置加载 🚀',
      'import os',
      '',
      '',
      'def load_settings(path: str, 默认: str = "🚀") -> dict:',
      `    """读取配置 ✅ ${COMBINING}."""`,
      ...Array.from(
        { length: 10 },
        (_, i) => `    value_${i} = os.environ.get("KEY_${i}", "值 ${i} 🧪 ${COMBINING}")`,
      ),
      '    return {"path": path, "默认": 默认}',
      '',
      '',
      'def describe_ünïcode(name: str) -> str:',
      ...Array.from({ length: 10 }, (_, i) => `    name = name.replace("${i}", "零一二 👩‍👩‍👧 ${i}")`),
      '    return name',
      '',
    ].join('\n'),
    kept: [
      '# 配置加载 🚀\nimport os\n',
      'def load_settings(path: str, 默认: str = "🚀") -> dict:',
      'def describe_ünïcode(name: str) -> str:',
    ],
    elided: ['KEY_3', '零一二'],
  },
  {
    language: 'typescript',
    text: [
      '// café ✅',
      `const LABEL = '${COMBINING} 🚀';`,
      '',
      'export function sum(a: number, b: number) {',
      ...Array.from(
        { length: 10 },
        (_, i) => `  const part${i} = a * ${i} + b; // 部分 ${i} ✅ ${COMBINING}`,
      ),
      "  console.log(LABEL, '合計 😀');",
      '  return a + b;',
      '}',
      '',
      'export function 平均(values: number[]): number {',
      ...Array.from({ length: 10 }, (_, i) => `  const v${i} = values[${i}] ?? 0; // 値 ${i} 👩‍👩‍👧`),
      '  return values.length;',
      '}',
      '',
    ].join('\n'),
    kept: [
      `// café ✅\nconst LABEL = '${COMBINING} 🚀';\n`,
      'export function sum(a: number, b: number) {',
      'export function 平均(values: number[]): number {',
    ],
    elided: ['part3', '値 3'],
  },
];

describe('code compressor on non-ASCII sources (BL-33)', () => {
  const compressor = new CodeCompressor({ minChars: 0 });

  it.each(UNICODE_FILES)(
    'compresses $language after a non-ASCII first line, keeping imports and signatures',
    async ({ language, text, kept, elided }) => {
      const outcome = await compressor.compress({
        text,
        kind: 'code',
        language,
        query: '',
        lossless: false,
      });

      expect(outcome.status).toBe('compressed');
      if (outcome.status !== 'compressed') return;
      expect(outcome.text.length / text.length).toBeLessThan(1);
      for (const line of kept) {
        expect(outcome.text).toContain(line);
      }
      for (const fragment of elided) {
        expect(outcome.text).not.toContain(fragment);
      }
      expect(outcome.text).not.toContain('\uFFFD');
      expect(outcome.originals.map((original) => original.content)).toEqual([text]);
      expect(await syntaxErrors(language, outcome.text)).toBe(0);
    },
  );
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompressionPolicy, PolicyError, SAFE_DEFAULTS } from './compression-policy';

const document = {
  defaults: { minChars: 2000 },
  kinds: { json: { targetRatio: 0.2 }, html: { enabled: false } },
  tools: [{ match: 'secrets_*', neverTouch: true }],
  tenants: {
    acme: {
      defaults: { lossless: true },
      kinds: { log: { minChars: 500 } },
      tools: [{ match: 'read_?ile', lossless: false }],
    },
  },
};

describe(CompressionPolicy.name, () => {
  const policy = CompressionPolicy.parse(document);

  it('is safe with no file at all', () => {
    expect(new CompressionPolicy().forBlock('any', undefined, 'json')).toEqual(SAFE_DEFAULTS);
  });

  it('layers defaults, kinds and tools, then the same per tenant', () => {
    expect(policy.forBlock('other', 'grep', 'json')).toMatchObject({
      minChars: 2000,
      targetRatio: 0.2,
    });
    expect(policy.forBlock('other', 'grep', 'html').enabled).toBe(false);
    expect(policy.forBlock('acme', 'grep', 'log')).toMatchObject({ lossless: true, minChars: 500 });
    expect(policy.forBlock('acme', 'read_file', 'log').lossless).toBe(false);
  });

  it('matches tool names by glob pattern', () => {
    expect(policy.forTool('other', 'secrets_vault').neverTouch).toBe(true);
    expect(policy.forTool('other', 'my_secrets_vault').neverTouch).toBe(false);
    expect(policy.forTool('other', undefined).neverTouch).toBe(false);
  });

  it('lists every problem of an invalid policy at once', () => {
    const invalid = {
      defaults: { minChars: -1, lossles: true },
      kinds: { jsno: {} },
      tools: [{ neverTouch: true }],
    };

    let problems: string[] = [];
    try {
      CompressionPolicy.parse(invalid);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      problems = (error as PolicyError).problems;
    }

    expect(problems.length).toBeGreaterThanOrEqual(4);
    expect(problems.join('\n')).toMatch(/defaults\.minChars/);
    expect(problems.join('\n')).toMatch(/tools\.0\.match/);
  });

  it('loads YAML and JSON files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'headroom-policy-'));
    writeFileSync(join(folder, 'policy.yaml'), 'kinds:\n  log:\n    minChars: 300\n');
    writeFileSync(
      join(folder, 'policy.json'),
      JSON.stringify({ kinds: { log: { minChars: 400 } } }),
    );

    expect(
      CompressionPolicy.load(join(folder, 'policy.yaml')).forBlock('t', undefined, 'log').minChars,
    ).toBe(300);
    expect(
      CompressionPolicy.load(join(folder, 'policy.json')).forBlock('t', undefined, 'log').minChars,
    ).toBe(400);
  });
});

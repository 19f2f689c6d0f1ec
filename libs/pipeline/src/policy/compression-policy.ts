import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CONTENT_KINDS, type ContentKind } from '@headroom/contracts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** What may happen to one block, once every layer of the policy has been applied. */
export type BlockRule = {
  enabled: boolean;
  neverTouch: boolean;
  lossless: boolean;
  minChars: number;
  targetRatio: number | undefined;
};

const ruleFields = {
  enabled: z.boolean().optional(),
  neverTouch: z.boolean().optional(),
  lossless: z.boolean().optional(),
  minChars: z.number().int().min(0).optional(),
  targetRatio: z.number().gt(0).max(1).optional(),
};

const ruleSchema = z.object(ruleFields).strict();
const toolRuleSchema = z.object({ match: z.string().min(1), ...ruleFields }).strict();
const kindsSchema = z.partialRecord(z.enum(CONTENT_KINDS), ruleSchema);

const scopeSchema = z
  .object({
    defaults: ruleSchema.optional(),
    kinds: kindsSchema.optional(),
    tools: z.array(toolRuleSchema).optional(),
  })
  .strict();

const policySchema = scopeSchema
  .extend({ tenants: z.record(z.string(), scopeSchema).optional() })
  .strict();

export type PolicyDocument = z.infer<typeof policySchema>;
type Rule = z.infer<typeof ruleSchema>;
type Scope = z.infer<typeof scopeSchema>;

export const SAFE_DEFAULTS: BlockRule = {
  enabled: true,
  neverTouch: false,
  lossless: false,
  minChars: 1_200,
  targetRatio: undefined,
};

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid Headroom policy:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/**
 * An organisation's compression policy: defaults, then rules per content
 * kind, then per tool name (glob patterns), each layer again per tenant. The
 * most specific layer that sets a field wins.
 */
export class CompressionPolicy {
  private readonly toolPatterns = new Map<string, RegExp>();

  constructor(private readonly document: PolicyDocument = {}) {}

  static parse(value: unknown): CompressionPolicy {
    const result = policySchema.safeParse(value ?? {});
    if (!result.success) {
      throw new PolicyError(
        result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      );
    }

    return new CompressionPolicy(result.data);
  }

  static load(path: string): CompressionPolicy {
    const text = readFileSync(path, 'utf8');
    let value: unknown;
    try {
      value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new PolicyError([`${path}: ${error instanceof Error ? error.message : String(error)}`]);
    }

    return CompressionPolicy.parse(value);
  }

  /** The rule for a block before its content is known: only tool-level layers apply. */
  forTool(tenant: string, toolName: string | undefined): BlockRule {
    return this.resolve(tenant, toolName, undefined);
  }

  forBlock(tenant: string, toolName: string | undefined, kind: ContentKind): BlockRule {
    return this.resolve(tenant, toolName, kind);
  }

  private resolve(
    tenant: string,
    toolName: string | undefined,
    kind: ContentKind | undefined,
  ): BlockRule {
    const tenantScope = this.document.tenants?.[tenant];
    const layers: (Rule | undefined)[] = [
      ...this.scopeLayers(this.document, toolName, kind),
      ...this.scopeLayers(tenantScope, toolName, kind),
    ];

    return layers.reduce<BlockRule>((rule, layer) => ({ ...rule, ...definedOnly(layer) }), {
      ...SAFE_DEFAULTS,
    });
  }

  private scopeLayers(
    scope: Scope | undefined,
    toolName: string | undefined,
    kind: ContentKind | undefined,
  ): (Rule | undefined)[] {
    if (!scope) return [];

    const toolRules = (scope.tools ?? []).filter(
      (rule) => toolName !== undefined && this.pattern(rule.match).test(toolName),
    );

    return [scope.defaults, kind ? scope.kinds?.[kind] : undefined, ...toolRules.map(withoutMatch)];
  }

  private pattern(glob: string): RegExp {
    let pattern = this.toolPatterns.get(glob);
    if (!pattern) {
      const source = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      pattern = new RegExp(`^${source}$`);
      this.toolPatterns.set(glob, pattern);
    }

    return pattern;
  }
}

function withoutMatch(rule: z.infer<typeof toolRuleSchema>): Rule {
  const { match: _match, ...fields } = rule;
  return fields;
}

function definedOnly(rule: Rule | undefined): Partial<BlockRule> {
  return Object.fromEntries(
    Object.entries(rule ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<BlockRule>;
}

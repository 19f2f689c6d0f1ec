import type { Compressor } from '@headroom/contracts';
import { compressBlock, markersAreRedeemable } from './block-compressor';
import { failed } from './fidelity/needle-score';
import type { CaseResult, FamilyResult, QualityCase, QualityFamily } from './quality.types';
import { countTokens } from './token-count';

/** Runs every case of a family through the router and compressors and scores it. */
export async function runFamily(
  family: QualityFamily,
  corpus: string,
  compressors: readonly Compressor[],
): Promise<FamilyResult> {
  const cases: CaseResult[] = [];
  for (const input of family.cases(corpus)) {
    cases.push(await runCase(family, input, compressors));
  }
  const tokensBefore = cases.reduce((sum, result) => sum + result.tokensBefore, 0);
  const tokensAfter = cases.reduce((sum, result) => sum + result.tokensAfter, 0);
  const scored = cases.filter((result) => result.fidelity.needles > 0);
  const fidelity =
    scored.length === 0
      ? 1
      : scored.reduce((sum, result) => sum + result.fidelity.score, 0) / scored.length;
  const minFidelity = scored.reduce((least, result) => Math.min(least, result.fidelity.score), 1);

  return { family: family.name, cases, tokensBefore, tokensAfter, fidelity, minFidelity };
}

async function runCase(
  family: QualityFamily,
  input: QualityCase,
  compressors: readonly Compressor[],
): Promise<CaseResult> {
  const started = performance.now();
  const result = await compressBlock(
    compressors,
    input.text,
    input.query,
    input.kind,
    input.language,
  );
  const durationMs = performance.now() - started;
  const markersValid = markersAreRedeemable(input.text, result);

  return {
    name: input.name,
    kind: result.kind,
    compressor: result.compressor,
    outcome: result.outcome,
    tokensBefore: countTokens(input.text),
    tokensAfter: countTokens(result.text),
    fidelity: markersValid
      ? family.fidelity(input, result.text, result.kind)
      : failed('marker without original'),
    markersValid,
    durationMs,
  };
}

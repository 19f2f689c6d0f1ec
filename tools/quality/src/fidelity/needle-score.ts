import type { Fidelity } from '../quality.types';

/** Scores needles against the output: each needle is kept when `isKept` says so. */
export function scoreNeedles(
  needles: readonly string[],
  isKept: (needle: string) => boolean,
): Fidelity {
  const unique = [...new Set(needles)];
  const lost = unique.filter((needle) => !isKept(needle));

  return {
    score: unique.length === 0 ? 1 : 1 - lost.length / unique.length,
    needles: unique.length,
    lost: lost.slice(0, 5),
  };
}

export const PERFECT: Fidelity = { score: 1, needles: 0, lost: [] };

export function failed(reason: string): Fidelity {
  return { score: 0, needles: 1, lost: [reason] };
}

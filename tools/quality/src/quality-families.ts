import { createCodeCompressor } from '@headroom/compressor-code';
import { createDomCompressor } from '@headroom/compressor-dom';
import { JsonCompressor } from '@headroom/compressor-json';
import { NumberedReadCompressor, createSquashers } from '@headroom/compressor-squash';
import type { Compressor } from '@headroom/contracts';
import { CompressorRegistry } from '@headroom/pipeline';
import { agentFamily } from './families/agent.family';
import { codeFamily } from './families/code.family';
import { htmlFamily } from './families/html.family';
import { jsonArraysFamily, jsonFamily } from './families/json.family';
import { logsFamily } from './families/logs.family';
import { miscFamily } from './families/misc.family';
import type { QualityFamily } from './quality.types';

/**
 * The rows of the quality table. A compressor family joins by adding its
 * row here (inputs and fidelity rule) and its compressor to
 * `qualityCompressors`; nothing else in the tool changes.
 */
export const QUALITY_FAMILIES: readonly QualityFamily[] = [
  jsonFamily,
  jsonArraysFamily,
  logsFamily,
  miscFamily,
  agentFamily,
  codeFamily,
  htmlFamily,
];

/**
 * The compressors the gateway would register, one per content kind; numbered
 * reads route their content through a registry of the others, as the
 * gateway's registry does.
 */
export function qualityCompressors(): Compressor[] {
  const families = [
    new JsonCompressor(),
    ...createSquashers(),
    createCodeCompressor(),
    createDomCompressor(),
  ];
  const registry = new CompressorRegistry(families);

  return [...families, new NumberedReadCompressor((input) => registry.compress(input))];
}

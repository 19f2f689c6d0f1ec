export {
  CodeCompressor,
  codeCompressor,
  createCodeCompressor,
  warmupCodeCompressor,
  type CodeCompressorOptions,
} from './lib/code.compressor';
export { GrammarRegistry } from './lib/grammar-registry';
export { detectLanguage } from './lib/language-detector';
export { measureCodeQuality, type CodeQuality } from './quality/code-quality';
export { findCodeSamples, sampleRoots, type CodeSample } from './quality/code-samples';

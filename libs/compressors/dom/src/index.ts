export {
  createDomCompressor,
  DomCompressor,
  domCompressor,
  type DomCompressorOptions,
} from './lib/dom.compressor';
export {
  corpusDirectory,
  corpusPages,
  measureDomQuality,
  type PageQuality,
} from './quality/page-quality';
export { markdownText, tokenF1, wordTokens, type TokenScore } from './quality/token-f1';

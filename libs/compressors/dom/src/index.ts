export {
  createDomCompressor,
  DomCompressor,
  type DomCompressorOptions,
} from './lib/dom.compressor';

export * from './compression-cache';
export * from './compression.ports';
export * from './embedded-pipeline';
export * from './pipeline-options';
export * from './pipeline.types';
export * from './request-pipeline';
export * from './retrieval-loop';
export * from './compressor-registry';

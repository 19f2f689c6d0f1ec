export * from './embedded-pipeline';
export * from './pipeline.types';

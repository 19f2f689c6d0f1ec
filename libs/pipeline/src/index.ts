export * from './pipeline.types';

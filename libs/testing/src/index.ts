export * from './fake-upstream';
export * from './fake-upstream.types';
export * from './provider-shapes';
export * from './compressor-family.cases';

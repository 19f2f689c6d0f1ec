export * from './fake-upstream';
export * from './fake-upstream.types';
export * from './provider-shapes';

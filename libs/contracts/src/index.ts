export * from './compression';
export * from './content-kind';
export * from './errors';
export * from './headers';
export * from './marker';
export * from './retrieval-tool';
export * from './store';
export * from './wire';

export * from './json-spans';
export * from './provider-adapter';
export * from './provider-format';
export * from './request-editor';
export * from './request-view';
export * from './retrieval-tool.definitions';
export * from './retrieval';
export * from './retrieval-protocols';

export * from './duration';
export * from './in-memory-original.store';
export * from './json-items';
export * from './managed-original.store';
export * from './retention.policy';
export * from './retention.sweeper';
export * from './retrieval-audit';
export * from './search-original';

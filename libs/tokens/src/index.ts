export * from './token-counter';
export * from './tokenizer';
export * from './prices';

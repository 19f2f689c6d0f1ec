export * from './token-counter';
export * from './tokenizer';

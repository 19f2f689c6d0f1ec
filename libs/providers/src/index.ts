export * from './provider-format';

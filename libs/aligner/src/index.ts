export * from './dynamic-content';
export * from './prefix-tracker';
export * from './session-key';
export * from './session.store';

/** Nest token of the validated `RetrieveConfig`; local to the gateway. */
export const RETRIEVE_CONFIG = Symbol('RETRIEVE_CONFIG');

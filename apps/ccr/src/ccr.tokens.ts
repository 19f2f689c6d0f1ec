/** Nest token of the service's validated `CcrConfig`; local to this app. */
export const CCR_CONFIG = Symbol('CCR_CONFIG');

/** Injection token of the `CompressionPipeline` port the gateway drives. */
export const COMPRESSION_PIPELINE = Symbol('COMPRESSION_PIPELINE');

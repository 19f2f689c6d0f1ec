// Shared jest cases. Kept out of `src/` so that neither the build nor a
// runtime import of `@headroom/testing` ever loads code that needs jest.
export * from './compressor-family.cases';

import {
  COMPRESSOR_FAMILIES,
  CONTENT_KINDS,
  type CompressInput,
  type CompressOutcome,
  type CompressorFamily,
} from '@headroom/contracts';

export type CompressorFamilyCase = {
  family: CompressorFamily;
  /** What the worker does with one message: its controller, called directly. */
  compress(input: CompressInput): Promise<CompressOutcome>;
  /** A block of the family's first kind that the family does compress. */
  sample: string;
};

/**
 * The cases every compressor worker app must pass, whatever its family: it
 * answers exactly the kinds the gateway routes to it, and the same block
 * always comes back as the same bytes (the CacheAligner's replay needs it).
 */
export function describeCompressorFamily({ family, compress, sample }: CompressorFamilyCase): void {
  const served = COMPRESSOR_FAMILIES[family].kinds;
  const input = (kind: CompressInput['kind'], text: string): CompressInput => ({
    text,
    kind,
    query: 'what failed?',
    lossless: false,
  });

  describe(`the ${family} family`, () => {
    it.each(CONTENT_KINDS.filter((kind) => !served.includes(kind)))(
      'skips %s, which the gateway never routes here',
      async (kind) => {
        await expect(compress(input(kind, 'x'.repeat(2_000)))).resolves.toEqual({
          status: 'skipped',
          reason: 'unsupported',
          detail: kind,
        });
      },
    );

    it.each(served)('serves %s', async (kind) => {
      await expect(compress(input(kind, 'x'.repeat(2_000)))).resolves.not.toEqual({
        status: 'skipped',
        reason: 'unsupported',
        detail: kind,
      });
    });

    it('compresses its sample to the same bytes every time', async () => {
      const first = await compress(input(served[0], sample));
      const second = await compress(input(served[0], sample));

      expect(first).toMatchObject({ status: 'compressed' });
      expect(second).toEqual(first);
    });
  });
}

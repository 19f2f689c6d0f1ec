import { formatDuration, parseDurationSeconds } from './duration';
import { DEFAULT_CCR_TTL_SECONDS, RetentionConfigError, RetentionPolicy } from './retention.policy';

describe(RetentionPolicy.name, () => {
  describe('parseDurationSeconds', () => {
    it.each([
      ['600', 600],
      ['4s', 4],
      ['30m', 1800],
      ['12h', 43_200],
      ['7d', 604_800],
      ['2w', 1_209_600],
      [' 3D ', 259_200],
    ])('reads %s as %i seconds', (text, seconds) => {
      expect(parseDurationSeconds(text)).toBe(seconds);
    });

    it.each(['', '0', '-5', '1.5h', '7 days', 'soon', '4ms'])('rejects %p', (text) => {
      expect(parseDurationSeconds(text)).toBeUndefined();
    });

    it('formats with the largest even unit', () => {
      expect([604_800, 86_400 * 3, 7200, 90, 4].map(formatDuration)).toEqual([
        '1w',
        '3d',
        '2h',
        '90s',
        '4s',
      ]);
    });
  });

  describe('fromEnv', () => {
    it('defaults to seven days', () => {
      expect(RetentionPolicy.fromEnv({}).ttlSecondsFor('anyone')).toBe(DEFAULT_CCR_TTL_SECONDS);
      expect(DEFAULT_CCR_TTL_SECONDS).toBe(604_800);
    });

    it('reads HEADROOM_CCR_TTL and the per-tenant overrides', () => {
      const policy = RetentionPolicy.fromEnv({
        HEADROOM_CCR_TTL: '4s',
        HEADROOM_CCR_TTL_BY_TENANT: 'tenantA:1d, tenantB:30d,team:ops:2h',
      });

      expect(policy.ttlSecondsFor('other')).toBe(4);
      expect(policy.ttlSecondsFor('tenantA')).toBe(86_400);
      expect(policy.ttlSecondsFor('tenantB')).toBe(2_592_000);
      expect(policy.ttlSecondsFor('team:ops')).toBe(7200);
    });

    it('lists every bad setting at once', () => {
      const read = () =>
        RetentionPolicy.fromEnv({
          HEADROOM_CCR_TTL: 'forever',
          HEADROOM_CCR_TTL_BY_TENANT: 'a:1d,broken,b:x',
        });

      expect(read).toThrow(RetentionConfigError);
      try {
        read();
      } catch (error) {
        expect((error as RetentionConfigError).problems).toHaveLength(3);
      }
    });
  });

  describe('expiryFrom', () => {
    it('adds the tenant TTL to the given instant', () => {
      const policy = new RetentionPolicy(10, { slow: 60 });
      const from = new Date('2026-01-05T10:00:00.000Z');

      expect(policy.expiryFrom('x', from).toISOString()).toBe('2026-01-05T10:00:10.000Z');
      expect(policy.expiryFrom('slow', from).toISOString()).toBe('2026-01-05T10:01:00.000Z');
    });
  });
});

import { DEFAULT_TENANT, HeadroomError } from '@headroom/contracts';
import type { FastifyRequest } from 'fastify';
import { loadGatewayConfig } from '../config/gateway-config.schema';
import { GatewayConfigService } from '../config/gateway-config.service';
import { keyScopeOfRoute, TenancyService } from './tenancy.service';

function fakeRequest(headers: Record<string, string>, remoteAddress = '127.0.0.1'): FastifyRequest {
  return { headers, raw: { socket: { remoteAddress } } } as unknown as FastifyRequest;
}

function tenancyWith(env: NodeJS.ProcessEnv): TenancyService {
  return new TenancyService(new GatewayConfigService(loadGatewayConfig(env)));
}

describe(TenancyService.name, () => {
  describe('resolveTenant', () => {
    it('gives the default tenant when no keys are configured', () => {
      expect(tenancyWith({}).resolveTenant(fakeRequest({}), 'provider')).toBe(DEFAULT_TENANT);
    });

    it('maps x-headroom-key to its tenant', () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-a:alpha,key-b:beta' });

      expect(tenancy.resolveTenant(fakeRequest({ 'x-headroom-key': 'key-b' }), 'provider')).toBe(
        'beta',
      );
    });

    it('rejects a missing or wrong key with authentication_error', () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-a:alpha' });

      for (const headers of [{}, { 'x-headroom-key': 'nope' }] as Record<string, string>[]) {
        expect(() => tenancy.resolveTenant(fakeRequest(headers), 'provider')).toThrow(
          HeadroomError,
        );
      }
    });

    it('never takes the provider authorization header as a gateway key on provider routes', () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-a:alpha' });
      const request = fakeRequest({ authorization: 'Bearer key-a' });

      expect(() => tenancy.resolveTenant(request, 'provider')).toThrow(/missing gateway key/);
      expect(tenancy.resolveTenant(request, 'headroom')).toBe('alpha');
    });

    it('says where each kind of route reads the key from when it is missing', () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-a:alpha' });
      const request = fakeRequest({});

      expect(tenancy.authenticationError(request, 'provider').message).not.toMatch(/Bearer/);
      expect(tenancy.authenticationError(request, 'headroom').message).toMatch(
        /x-headroom-key header or as Authorization: Bearer/,
      );
    });
  });

  describe('identifyTenant', () => {
    it('names the tenant without throwing, and nobody for a missing or wrong key', () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-a:alpha' });

      expect(tenancy.identifyTenant(fakeRequest({ 'x-headroom-key': 'key-a' }), 'provider')).toBe(
        'alpha',
      );
      expect(tenancy.identifyTenant(fakeRequest({ 'x-headroom-key': 'nope' }), 'provider')).toBe(
        undefined,
      );
      expect(tenancy.identifyTenant(fakeRequest({}), 'provider')).toBe(undefined);
      expect(
        tenancy.identifyTenant(fakeRequest({ authorization: 'Bearer key-a' }), 'provider'),
      ).toBe(undefined);
    });

    it('gives the default tenant to everyone when no keys are configured', () => {
      expect(tenancyWith({}).identifyTenant(fakeRequest({}), 'provider')).toBe(DEFAULT_TENANT);
    });
  });

  describe('isLoopback', () => {
    it.each([
      ['127.0.0.1', true],
      ['127.8.9.10', true],
      ['::1', true],
      ['::ffff:127.0.0.1', true],
      ['10.0.0.5', false],
      ['::ffff:192.168.1.2', false],
    ])('%s → %s', (address, expected) => {
      expect(tenancyWith({}).isLoopback(fakeRequest({}, address))).toBe(expected);
    });

    it('ignores forwarding headers', () => {
      const request = fakeRequest({ 'x-forwarded-for': '127.0.0.1' }, '10.0.0.5');

      expect(tenancyWith({}).isLoopback(request)).toBe(false);
    });

    it.each([
      ['127.0.0.1:8787', true],
      ['localhost:8787', true],
      ['LOCALHOST', true],
      ['[::1]:8787', true],
      ['evil.example:8787', false],
      ['127.0.0.1.evil.example', false],
      ['localhost.evil.example:8787', false],
    ])('trusts a loopback peer addressing %s → %s (DNS rebinding)', (host, expected) => {
      expect(tenancyWith({}).isLoopback(fakeRequest({ host }))).toBe(expected);
    });

    it('trusts nobody when HEADROOM_TRUST_LOOPBACK is false', () => {
      const tenancy = tenancyWith({ HEADROOM_TRUST_LOOPBACK: 'false' });

      expect(tenancy.isLoopback(fakeRequest({ host: '127.0.0.1:8787' }))).toBe(false);
      expect(tenancy.isAdmin(fakeRequest({ host: '127.0.0.1:8787' }))).toBe(false);
    });
  });

  describe('isAdmin', () => {
    it('accepts the admin key from a remote caller and nothing else', () => {
      const tenancy = tenancyWith({ HEADROOM_ADMIN_KEY: 'root-key' });

      expect(tenancy.isAdmin(fakeRequest({ 'x-headroom-key': 'root-key' }, '10.0.0.5'))).toBe(true);
      expect(tenancy.isAdmin(fakeRequest({ authorization: 'Bearer root-key' }, '10.0.0.5'))).toBe(
        true,
      );
      expect(tenancy.isAdmin(fakeRequest({ 'x-headroom-key': 'guess' }, '10.0.0.5'))).toBe(false);
      expect(tenancy.isAdmin(fakeRequest({}, '10.0.0.5'))).toBe(false);
    });

    it("treats a local caller holding a tenant's key as that tenant, not as admin", () => {
      const tenancy = tenancyWith({ HEADROOM_API_KEYS: 'key-b:beta', HEADROOM_ADMIN_KEY: 'root' });
      const local = (headers: Record<string, string>) =>
        tenancy.isAdmin(fakeRequest({ host: '127.0.0.1:8787', ...headers }));

      expect(local({})).toBe(true);
      expect(local({ 'x-headroom-key': 'key-b' })).toBe(false);
      expect(local({ authorization: 'Bearer key-b' })).toBe(false);
      expect(local({ authorization: 'Bearer sk-provider-key' })).toBe(true);
      expect(local({ 'x-headroom-key': 'root' })).toBe(true);
    });
  });
});

describe(keyScopeOfRoute.name, () => {
  it.each([
    ['/v1/compress', 'headroom'],
    ['/v1/retrieve', 'headroom'],
    ['/v1/retrieve/:hash', 'headroom'],
    ['/v1/retrieve/tool_call', 'headroom'],
    ['/stats', 'headroom'],
    ['/stats-history', 'headroom'],
    ['/dashboard', 'headroom'],
    ['/dashboard/data', 'headroom'],
    ['/v1/chat/completions', 'provider'],
    ['/v1/messages', 'provider'],
    ['/v1/*', 'provider'],
    ['/v1/compressed', 'provider'],
    [undefined, 'provider'],
  ])('reads the key of %s with the %s scope', (route, scope) => {
    expect(keyScopeOfRoute(route)).toBe(scope);
  });
});

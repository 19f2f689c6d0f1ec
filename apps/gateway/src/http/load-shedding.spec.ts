import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { HeadroomError } from '@headroom/contracts';
import { applyLoadShedding, InFlightSlots, UNKNOWN_TENANT } from './load-shedding';

describe(InFlightSlots.name, () => {
  describe('acquire', () => {
    it("refuses a tenant beyond its share while another tenant's requests are admitted", () => {
      const slots = new InFlightSlots(10, 2);

      expect(slots.acquire('alpha').admitted).toBe(true);
      expect(slots.acquire('alpha').admitted).toBe(true);
      expect(slots.acquire('alpha')).toEqual({ admitted: false, refusedBy: 'tenant' });
      expect(slots.acquire('beta').admitted).toBe(true);
      expect(slots.inFlight).toBe(3);
      expect(slots.inFlightOf('alpha')).toBe(2);
      expect(slots.inFlightOf('beta')).toBe(1);
    });

    it("says the gateway is full before it blames the tenant's share", () => {
      const slots = new InFlightSlots(3, 3);

      for (let index = 0; index < 3; index += 1) {
        expect(slots.acquire('alpha').admitted).toBe(true);
      }

      expect(slots.acquire('alpha')).toEqual({ admitted: false, refusedBy: 'gateway' });
      expect(slots.acquire('beta')).toEqual({ admitted: false, refusedBy: 'gateway' });
    });

    it('keeps the unidentified share apart from every tenant', () => {
      const slots = new InFlightSlots(10, 1);

      expect(slots.acquire(UNKNOWN_TENANT).admitted).toBe(true);
      expect(slots.acquire(UNKNOWN_TENANT)).toEqual({ admitted: false, refusedBy: 'tenant' });
      expect(slots.acquire('alpha').admitted).toBe(true);
    });
  });

  describe('release', () => {
    it('gives the slot back to the tenant and the gateway, once however often it is called', () => {
      const slots = new InFlightSlots(2, 2);
      const first = slots.acquire('alpha');
      const second = slots.acquire('alpha');

      if (!first.admitted || !second.admitted) throw new Error('expected two slots');
      first.release();
      first.release();

      expect(slots.inFlight).toBe(1);
      expect(slots.inFlightOf('alpha')).toBe(1);

      second.release();

      expect(slots.inFlight).toBe(0);
      expect(slots.inFlightOf('alpha')).toBe(0);
      expect(slots.acquire('alpha').admitted).toBe(true);
      expect(slots.acquire('alpha').admitted).toBe(true);
    });
  });
});

describe(applyLoadShedding.name, () => {
  let server: FastifyInstance;
  let url: string;
  let inFlight: number;
  let shed: number;
  let limited: string[];
  // Requests to /slow wait here until the test lets them answer.
  let waiting: Array<() => void>;

  beforeEach(async () => {
    inFlight = 0;
    shed = 0;
    limited = [];
    waiting = [];
    server = Fastify();
    applyLoadShedding(server, {
      maxInFlight: 3,
      maxInFlightPerTenant: 2,
      tenantOf: (request) => {
        const key = request.headers['x-tenant'];

        return key === 'alpha' || key === 'beta' ? key : undefined;
      },
      onInFlight: (count) => {
        inFlight = count;
      },
      onShed: () => {
        shed += 1;
      },
      onTenantLimited: (tenant) => limited.push(tenant),
      unidentified: () => new HeadroomError('authentication_error', 'missing gateway key'),
    });
    server.post('/upload', () => 'read');
    server.get('/slow', () => new Promise<string>((resolve) => waiting.push(() => resolve('ok'))));
    server.get('/livez', () => 'alive');
    server.get('/metrics', () => 'metrics');
    await server.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    waiting.forEach((answer) => answer());
    await server.close();
  });

  const slow = (tenant?: string, signal?: AbortSignal) =>
    fetch(`${url}/slow`, { headers: tenant ? { 'x-tenant': tenant } : {}, signal });

  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('answers a tenant over its share 429 in the envelope with Retry-After, and counts it', async () => {
    const held = [slow('alpha'), slow('alpha')];
    await until(() => waiting.length === 2);

    const refused = await slow('alpha');
    const body = (await refused.json()) as { error: { type: string; message: string } };

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toContain('HEADROOM_MAX_IN_FLIGHT_PER_TENANT');
    expect(limited).toEqual(['alpha']);
    expect(inFlight).toBe(2);

    const other = slow('beta');
    await until(() => waiting.length === 3);
    waiting.forEach((answer) => answer());

    expect((await Promise.all([...held, other])).map((response) => response.status)).toEqual([
      200, 200, 200,
    ]);
    await until(() => inFlight === 0);
    expect(shed).toBe(0);
  });

  it('answers 503 overloaded when the whole gateway is full', async () => {
    const held = [slow('alpha'), slow('beta'), slow('beta')];
    await until(() => waiting.length === 3);

    const refused = await slow('alpha');

    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('overloaded');
    expect(shed).toBe(1);
    expect(limited).toEqual([]);
    waiting.forEach((answer) => answer());
    await Promise.all(held);
  });

  it('counts unidentified callers in a share of their own under a fixed label', async () => {
    const held = [slow(), slow()];
    await until(() => waiting.length === 2);

    expect((await slow('nobody')).status).toBe(429);
    expect(limited).toEqual([UNKNOWN_TENANT]);

    const tenant = slow('alpha');
    await until(() => waiting.length === 3);
    waiting.forEach((answer) => answer());

    expect((await tenant).status).toBe(200);
    await Promise.all(held);
  });

  it('answers 401 before the body to an unidentified request that carries one, holding no slot', async () => {
    const refused = await fetch(`${url}/upload`, { method: 'POST', body: 'x'.repeat(10) });
    const body = (await refused.json()) as { error: { type: string; request_id?: string } };

    expect(refused.status).toBe(401);
    expect(body.error.type).toBe('authentication_error');
    expect(body.error.request_id).toEqual(expect.any(String));
    expect(inFlight).toBe(0);
    expect(limited).toEqual([]);
    expect(
      (
        await fetch(`${url}/upload`, {
          method: 'POST',
          headers: { 'x-tenant': 'alpha' },
          body: 'x',
        })
      ).status,
    ).toBe(200);
  });

  it('always answers probes and scrapes, and does not count them', async () => {
    const held = [slow('alpha'), slow('beta'), slow('beta')];
    await until(() => waiting.length === 3);

    expect((await fetch(`${url}/livez`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    expect(inFlight).toBe(3);
    waiting.forEach((answer) => answer());
    await Promise.all(held);
  });

  it('gives a slot back when its client goes away before the answer', async () => {
    const abort = new AbortController();
    const gone = slow('alpha', abort.signal).catch(() => undefined);
    const kept = slow('alpha');
    await until(() => waiting.length === 2);

    expect((await slow('alpha')).status).toBe(429);

    abort.abort();
    await gone;
    await until(() => inFlight === 1);

    const next = slow('alpha');
    await until(() => waiting.length === 3);
    waiting.forEach((answer) => answer());

    expect((await next).status).toBe(200);
    expect((await kept).status).toBe(200);
    await until(() => inFlight === 0);
  });
});

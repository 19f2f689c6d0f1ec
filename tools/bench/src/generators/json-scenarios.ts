import { SeededRandom } from '../random/seeded-random';
import { COUNTRIES, DOMAINS, FIRST_NAMES, LAST_NAMES, STATUSES, WORDS } from '../random/vocabulary';

// All timestamps are offsets from one fixed instant, so output never depends on the clock.
const EPOCH_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isoDate(random: SeededRandom, spanDays: number): string {
  return new Date(EPOCH_MS + Math.floor(random.next() * spanDays * DAY_MS)).toISOString();
}

function title(random: SeededRandom): string {
  const text = random.words(WORDS, random.int(4, 9));

  return text.charAt(0).toUpperCase() + text.slice(1);
}

function person(random: SeededRandom): { name: string; email: string } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);

  return { name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() };
}

// Pretty-printed, as most tools and APIs hand JSON to an agent.
function render(value: Json): string {
  return JSON.stringify(value, null, 2);
}

/** Web or code search hits, the scenario the published 2,012 ms figure is for. */
export function searchResults(count: number, seed = 1): string {
  const random = new SeededRandom(seed);
  const results = Array.from({ length: count }, (_, index): Json => {
    const domain = random.pick(DOMAINS);
    const slug = random.words(WORDS, 3).replace(/ /g, '-');

    return {
      rank: index + 1,
      id: `res_${random.hex(12)}`,
      title: title(random),
      url: `https://${domain}/${slug}/${random.int(1, 99_999)}`,
      snippet: `${title(random)}. ${random.words(WORDS, random.int(18, 36))}.`,
      score: Math.round((1 - index / (count + 1)) * random.next() * 10_000) / 10_000,
      source: domain,
      published_at: isoDate(random, 365),
      author: person(random).name,
      tags: Array.from({ length: random.int(1, 4) }, () => random.pick(WORDS)),
    };
  });

  return render({ query: 'cache invalidation timeout', total: count, results });
}

/** A paginated REST list: nested objects, as a payments or commerce API returns. */
export function apiResponses(count: number, seed = 2): string {
  const random = new SeededRandom(seed);
  const data = Array.from({ length: count }, (): Json => {
    const customer = person(random);
    const lines = Array.from({ length: random.int(1, 3) }, (): Json => ({
      sku: `SKU-${random.int(1000, 9999)}`,
      quantity: random.int(1, 5),
      unit_amount: random.int(199, 49_999),
    }));

    return {
      id: `ord_${random.hex(16)}`,
      object: 'order',
      status: random.pick(['paid', 'paid', 'paid', 'refunded', 'failed', 'pending']),
      amount: random.int(500, 250_000),
      currency: random.pick(['usd', 'eur', 'gbp']),
      customer: {
        id: `cus_${random.hex(14)}`,
        name: customer.name,
        email: customer.email,
        country: random.pick(COUNTRIES),
      },
      lines,
      created: Math.floor((EPOCH_MS + random.next() * 90 * DAY_MS) / 1000),
      livemode: false,
      metadata: { channel: random.pick(['web', 'ios', 'android', 'api']) },
    };
  });

  return render({ object: 'list', url: '/v1/orders', has_more: true, data });
}

/** Flat rows from a SQL query, one object per row. */
export function databaseRows(count: number, seed = 3): string {
  const random = new SeededRandom(seed);
  const rows = Array.from({ length: count }, (_, index): Json => {
    const user = person(random);

    return {
      id: 100_000 + index,
      email: user.email,
      full_name: user.name,
      status: random.pick(STATUSES),
      plan: random.pick(['free', 'pro', 'team', 'enterprise']),
      country: random.pick(COUNTRIES),
      login_count: random.int(0, 4_000),
      balance_cents: random.int(-5_000, 1_000_000),
      created_at: isoDate(random, 730),
      last_seen_at: random.chance(0.1) ? null : isoDate(random, 30),
    };
  });

  return render(rows);
}

/** An array of short messages, e.g. what a tool returns as `lines`. */
export function stringArray(count: number, seed = 4): string {
  const random = new SeededRandom(seed);
  const items = Array.from({ length: count }, (): Json => {
    const verb = random.pick(['processed', 'skipped', 'retried', 'queued', 'rejected']);

    return `${verb} ${random.pick(WORDS)} ${random.int(1, 99_999)} for ${random.pick(WORDS)} in ${random.int(1, 900)} ms`;
  });

  return render(items);
}

/** Metric samples: mostly steady values with a few spikes. */
export function numberArray(count: number, seed = 5): string {
  const random = new SeededRandom(seed);
  const items = Array.from({ length: count }, (): Json => {
    const base = 40 + random.next() * 20;
    const value = random.chance(0.02) ? base * random.int(5, 20) : base;

    return Math.round(value * 100) / 100;
  });

  return render(items);
}

/** Objects, strings, numbers, booleans and nulls in one array. */
export function mixedArray(count: number, seed = 6): string {
  const random = new SeededRandom(seed);
  const items = Array.from({ length: count }, (_, index): Json => {
    switch (index % 5) {
      case 0:
        return { id: index, name: title(random), ok: random.chance(0.9) };
      case 1:
        return `${random.pick(WORDS)}-${random.hex(6)}`;
      case 2:
        return random.int(0, 100_000);
      case 3:
        return random.chance(0.5) ? null : random.chance(0.5);
      default:
        return [random.pick(WORDS), random.int(1, 9), random.chance(0.5)];
    }
  });

  return render(items);
}

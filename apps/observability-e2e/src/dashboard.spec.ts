import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRICES_AS_OF } from '@headroom/tokens';
import { type BrowserContext, chromium } from 'playwright-core';
import { anthropicToolTurn, chatToolTurn } from './support/known-requests';
import {
  type ObservabilityHarness,
  sendProviderRequest,
  startObservabilityHarness,
} from './support/observability-harness';

const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-output');
// The flags this machine needs: no sandbox as root, and nothing that reaches
// for the network on its own (the machines have none).
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('GET /dashboard in headless Chromium', () => {
  let harness: ObservabilityHarness;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    harness = await startObservabilityHarness({ HEADROOM_API_KEYS: 'key-a:acme,key-b:globex' });
    const sends = [
      ['key-a', 'anthropic-messages', anthropicToolTurn()],
      ['key-b', 'anthropic-messages', anthropicToolTurn('claude-haiku-4-5')],
      ['key-b', 'openai-chat', chatToolTurn()],
    ] as const;
    for (const [key, format, body] of sends) {
      expect(await sendProviderRequest(harness.url, format, body, { 'x-headroom-key': key })).toBe(
        200,
      );
    }

    profile = mkdtempSync(join(tmpdir(), 'headroom-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.HEADROOM_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1200, height: 1400 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('loads, draws every chart with data from the known requests, and is screenshotted', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    const response = await page.goto(`${harness.url}/dashboard`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    const points = await page.$$eval('.chart', (charts) =>
      Object.fromEntries(charts.map((chart) => [chart.id, Number(chart.dataset.points ?? -1)])),
    );
    const bars = await page.$$eval('.chart svg rect.bar', (rects) => rects.length);
    const tenants = await page.$$eval('#chart-tenant svg text', (texts) =>
      texts.map((text) => text.textContent),
    );
    const recentRows = await page.$$eval('#recent tbody tr', (rows) => rows.length);
    const pricesDate = await page.textContent('#prices-date');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const screenshot = join(SCREENSHOT_DIR, 'dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(problems).toEqual([]);
    expect(requested.every((url) => url.startsWith(harness.url))).toBe(true);
    expect(points['chart-time']).toBeGreaterThan(0);
    expect(points['chart-compressor']).toBeGreaterThan(0);
    expect(points['chart-model']).toBe(3);
    expect(points['chart-tenant']).toBe(2);
    expect(tenants).toEqual(expect.arrayContaining(['acme', 'globex']));
    expect(bars).toBeGreaterThan(5);
    expect(recentRows).toBe(3);
    expect(pricesDate).toContain(PRICES_AS_OF);
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
  });
});

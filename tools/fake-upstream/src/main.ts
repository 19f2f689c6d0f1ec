import { FakeUpstream } from '@headroom/testing';

// `npm run fake-upstream [-- --port 9999]`: a local stand-in for OpenAI and
// Anthropic, for trying the gateway without real credentials. Point
// HEADROOM_OPENAI_URL and HEADROOM_ANTHROPIC_URL at the printed address.
function portArgument(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const value =
    index >= 0 ? Number(argv[index + 1]) : Number(process.env['FAKE_UPSTREAM_PORT'] ?? 0);

  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new Error(`invalid port: ${String(argv[index + 1])}`);
  }

  return value;
}

async function main(): Promise<void> {
  const upstream = await FakeUpstream.start({
    port: portArgument(process.argv.slice(2)),
    maxRecorded: 100,
  });
  const stop = (): void => {
    void upstream.close().then(() => process.exit(0));
  };

  process.stdout.write(
    `${JSON.stringify({ msg: 'fake upstream listening', url: upstream.url })}\n` +
      `HEADROOM_OPENAI_URL=${upstream.url} HEADROOM_ANTHROPIC_URL=${upstream.url} npm start\n`,
  );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

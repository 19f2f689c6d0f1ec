import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CompressionPipeline } from '@headroom/pipeline';
import { FakeUpstream } from '@headroom/testing';
// The bench drives the real gateway in-process through its bootstrap, as the
// e2e suite does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadGatewayConfig, startGateway } from '../../../../apps/gateway/src';
import { logToolOutput } from '../generators/tool-output';
import type { RunContext } from '../report/run-context';
import type { SuiteOutput } from '../report/table-row';
import {
  CHAT_PATH,
  BASE_HEADERS,
  PASSTHROUGH_HEADERS,
  smallChatBody,
  toolOutputChatBody,
} from './chat-bodies';
import { type DistributedCluster, startDistributedCluster } from './distributed-cluster';
import { type LoadCase, measureLoadCase } from './load-case';
import { ID_PLACEHOLDER } from './load-job';

const TOOL_OUTPUT_TOKENS = 50_000;

function loadCases(corpusRoot: string | undefined): LoadCase[] {
  const log = logToolOutput(TOOL_OUTPUT_TOKENS, corpusRoot);
  const fresh = toolOutputChatBody(`${ID_PLACEHOLDER} ${log.text}`);
  const source = `${log.tokens.toLocaleString('en-US')}-token tool output from ${log.source}`;

  return [
    {
      scenario: 'gateway-passthrough-latency',
      label: 'Gateway passthrough, 1 connection',
      description: 'small chat request, x-headroom-mode: passthrough, one connection',
      headers: PASSTHROUGH_HEADERS,
      body: smallChatBody(),
      uniqueBodies: false,
      connections: 1,
      targets: ['passthrough-latency'],
    },
    {
      scenario: 'gateway-passthrough-throughput',
      label: 'Gateway passthrough, 16 connections',
      description: 'small chat request, x-headroom-mode: passthrough, 16 connections',
      headers: PASSTHROUGH_HEADERS,
      body: smallChatBody(),
      uniqueBodies: false,
      connections: 16,
      targets: ['passthrough-throughput'],
    },
    {
      scenario: 'gateway-tool-50k-fresh',
      label: 'Gateway 50K-token tool output, new each request',
      description: `${source}; default mode; a fresh id on its first line makes every request new content`,
      headers: BASE_HEADERS,
      body: fresh,
      uniqueBodies: true,
      connections: 1,
      targets: ['tool-output-latency'],
    },
    {
      scenario: 'gateway-tool-50k-repeat',
      label: 'Gateway 50K-token tool output, repeated',
      description: `${source}; default mode; the same body every time (compression cache hits)`,
      headers: BASE_HEADERS,
      body: toolOutputChatBody(log.text),
      uniqueBodies: false,
      connections: 1,
      targets: [],
    },
  ];
}

/**
 * The fake upstream hit directly and through the gateway, in the same run,
 * for each case: the difference is what the gateway adds. Embedded mode
 * first, then the 50K case again with the pipeline in distributed mode.
 */
export async function runGatewayOverhead(
  context: RunContext,
  root: string,
  corpusRoot: string | undefined,
  emit: (output: SuiteOutput) => void,
): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-bench-gateway-'));
  // The gateway opens its CCR store from HEADROOM_DATABASE_URL in
  // process.env (not the config it is handed): point it at the temp dir.
  const previousDatabaseUrl = process.env['HEADROOM_DATABASE_URL'];
  process.env['HEADROOM_DATABASE_URL'] = `file:${join(directory, 'ccr.db')}`;
  const upstream = await FakeUpstream.start();
  const cases = loadCases(corpusRoot);

  try {
    await withGateway(upstream, undefined, async (url) => {
      for (const loadCase of cases) {
        emit(
          await measureLoadCase(loadCase, { upstream, gatewayUrl: url, path: CHAT_PATH }, context),
        );
      }
    });
    await measureDistributed(cases, { context, root, directory, upstream, emit });
  } finally {
    await upstream.close();
    restoreEnv('HEADROOM_DATABASE_URL', previousDatabaseUrl);
    rmSync(directory, { recursive: true, force: true });
  }
}

async function withGateway(
  upstream: FakeUpstream,
  pipeline: CompressionPipeline | undefined,
  use: (url: string) => Promise<void>,
): Promise<void> {
  const gateway = await startGateway({
    config: loadGatewayConfig({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_OPENAI_URL: upstream.url,
      HEADROOM_ANTHROPIC_URL: upstream.url,
      HEADROOM_LOG_LEVEL: 'warn',
      HEADROOM_SHUTDOWN_GRACE_MS: '500',
    }),
    pipeline,
    logDestination: discard(),
  });

  try {
    await use(gateway.url);
  } finally {
    await gateway.shutdown();
  }
}

type DistributedRun = {
  context: RunContext;
  root: string;
  directory: string;
  upstream: FakeUpstream;
  emit: (output: SuiteOutput) => void;
};

// TODO(#8): the bench hands the gateway a pipeline over createDistributedMode
// (remote CCR store included); switch to the gateway's own
// HEADROOM_TRANSPORT=redis wiring, which shares one PostgreSQL instead. Only
// the 50K case is repeated: passthrough never reaches the pipeline.
async function measureDistributed(cases: readonly LoadCase[], run: DistributedRun): Promise<void> {
  const measured = cases.filter((loadCase) => loadCase.scenario === 'gateway-tool-50k-fresh');
  let cluster: DistributedCluster | undefined;
  try {
    cluster = await startDistributedCluster(run.root, run.directory);
  } catch (error) {
    run.emit(distributedPlaceholder(error instanceof Error ? error.message : String(error)));
    return;
  }

  try {
    const started = cluster;
    await withGateway(run.upstream, started.pipeline, async (url) => {
      for (const loadCase of measured) {
        const distributed: LoadCase = {
          ...loadCase,
          scenario: loadCase.scenario.replace('gateway-', 'gateway-distributed-'),
          label: `Distributed: ${loadCase.label}`,
          description: `${loadCase.description}; distributed mode: ${started.description}`,
          targets: [],
        };
        run.emit(
          await measureLoadCase(
            distributed,
            { upstream: run.upstream, gatewayUrl: url, path: CHAT_PATH },
            run.context,
          ),
        );
      }
    });
  } finally {
    await cluster.stop();
  }
}

// TODO(#8): shown when distributed mode could not be started here (no
// redis-server, a worker that did not become ready).
function distributedPlaceholder(reason: string): SuiteOutput {
  return {
    row: {
      scenario: 'Gateway, distributed mode',
      tokens: '–',
      reduction: '–',
      p50: '–',
      tail: '–',
      runs: '–',
      split: '–',
      published: '–',
      notes: `TODO(#8): not measured: ${reason}`,
    },
  };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

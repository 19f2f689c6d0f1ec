import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ErrorCode, HEADERS, errorEnvelope } from '@headroom/contracts';
import { PinoLoggerService } from '@headroom/logging';
import type { CompressionPipeline } from '@headroom/pipeline';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { type GatewayConfig, loadGatewayConfig } from './config/gateway-config.schema';
import { ReadinessService } from './health/readiness.service';
import { applyCrossOriginPolicy } from './http/cross-origin.policy';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { applyLoadShedding } from './http/load-shedding';
import { keepRawBodies } from './http/raw-body.parser';
import { requestIdFor } from './http/request-id';
import { originFormUrl } from './http/request-target';
import { answerUnroutable, missingHostProblem } from './http/unroutable-request';
import { createRootLogger } from './logging/root-logger';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { keyScopeOfRoute, TenancyService } from './tenancy/tenancy.service';

export type GatewayOptions = {
  /** Validated configuration; when absent it is loaded from `env` (default `process.env`). */
  config?: GatewayConfig;
  env?: NodeJS.ProcessEnv;
  pipeline?: CompressionPipeline;
  /** Where JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
};

export type RunningGateway = {
  app: NestFastifyApplication;
  config: GatewayConfig;
  url: string;
  /** Drains in-flight requests (up to HEADROOM_SHUTDOWN_GRACE_MS), then closes. */
  shutdown(): Promise<void>;
};

/** Builds the app without listening: the e2e suite and `main.ts` share it. */
export async function createGatewayApp(
  options: GatewayOptions = {},
): Promise<NestFastifyApplication> {
  const config = options.config ?? loadGatewayConfig(options.env ?? process.env);
  // Filled once the app exists, which is before anything listens.
  const counters: { requests?: GatewayMetrics['requests'] } = {};
  const adapter = new FastifyAdapter({
    bodyLimit: config.maxBodyBytes,
    genReqId: requestIdFor,
    rewriteUrl: originFormUrl,
    logger: false,
    // Keep-alive clients that are idle at shutdown are let go at once; busy ones drain.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    clientErrorHandler: answerMalformedRequest,
    frameworkErrors: answerUnroutable((request, status) =>
      counters.requests?.inc({
        route: 'unmatched',
        method: request.method,
        status: String(status),
      }),
    ),
    // Fastify's own default is no limit at all: a client dripping its body
    // would hold a socket forever. The header timeout is Node's, checked on
    // an interval short enough for the limit to mean what it says.
    requestTimeout: config.requestTimeoutMs,
    http: {
      // Checked in an onRequest hook instead, to answer in the envelope.
      requireHostHeader: false,
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, config.headersTimeoutMs / 4)),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, pipeline: options.pipeline }),
    adapter,
    {
      logger: new PinoLoggerService(createRootLogger(config.logLevel, options.logDestination)),
      bodyParser: false,
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(GatewayMetrics);
  counters.requests = metrics.requests;
  const tenancy = app.get(TenancyService);

  keepRawBodies(fastify);
  // Node hands CONNECT to a 'connect' listener or drops the socket without a
  // word; the gateway is no forward proxy, so it says so in the envelope.
  fastify.server.on('connect', (_request, socket: Duplex) =>
    answerMalformedRequest(Object.assign(new Error('CONNECT'), { code: 'CONNECT' }), socket),
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(HEADERS.requestId, request.id);

    const hostProblem = missingHostProblem(request);
    if (hostProblem !== undefined) {
      void reply
        .code(400)
        .header('connection', 'close')
        .header('content-type', 'application/json; charset=utf-8')
        .send(errorEnvelope('invalid_request_error', hostProblem, request.id));
      return;
    }

    done();
  });
  applyCrossOriginPolicy(fastify, config.corsOrigins);
  applyLoadShedding(fastify, {
    maxInFlight: config.maxInFlight,
    maxInFlightPerTenant: config.maxInFlightPerTenant,
    tenantOf: (request) =>
      tenancy.identifyTenant(request, keyScopeOfRoute(request.routeOptions.url)),
    unidentified: (request) =>
      tenancy.authenticationError(request, keyScopeOfRoute(request.routeOptions.url)),
    onInFlight: (count) => metrics.inFlight.set(count),
    onShed: () => metrics.shed.inc(),
    onTenantLimited: (tenant) => metrics.tenantLimited.inc({ tenant }),
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status: String(reply.statusCode),
    });
    done();
  });
  app.useGlobalFilters(new ErrorEnvelopeFilter(config.maxBodyBytes));

  return app;
}

/** Builds, listens on HEADROOM_HOST:HEADROOM_PORT and returns how to stop it. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const config = options.config ?? loadGatewayConfig(options.env ?? process.env);
  const app = await createGatewayApp({ ...options, config });
  const logger = new Logger('Gateway');

  await app.listen({ port: config.port, host: config.host });

  const server = app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;

  logger.log({
    msg: 'gateway listening',
    url,
    mode: config.transport === 'redis' ? 'distributed' : 'embedded',
    keysRequired: config.apiKeys.size > 0,
  });

  if (!isLoopbackHost(config.host) && config.apiKeys.size === 0) {
    logger.warn({
      msg: 'listening beyond loopback with no HEADROOM_API_KEYS: anyone who can reach it can use it',
      host: config.host,
    });
  }

  const shutdown = (): Promise<void> => {
    closing ??= drainAndClose(app, server, config.shutdownGraceMs, logger);

    return closing;
  };

  return { app, config, url, shutdown };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

// Nest runs module destroy hooks before it stops the HTTP server, so the drain
// happens first, here: refuse new work, let in-flight requests (streams
// included) finish within the grace period, cut what is left, then close Nest.
async function drainAndClose(
  app: NestFastifyApplication,
  server: Server,
  graceMs: number,
  logger: Logger,
): Promise<void> {
  const startedAt = Date.now();
  app.get(ReadinessService).markDraining();
  logger.log({ msg: 'shutdown: draining', graceMs });

  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle when its last response ends; let it go
  // then rather than at the end of the grace period.
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);

  await drained;
  clearInterval(sweeper);
  clearTimeout(timer);
  await app.close();
  logger.log({ msg: 'shutdown: closed', durationMs: Date.now() - startedAt });
}

type ClientFault = { status: number; reason: string; code: ErrorCode; message: string };

function clientFaultOf(error: Error & { code?: string }): ClientFault {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'headers_too_large',
        message: 'request headers are too large',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'request_timeout',
        message:
          'the request was not received in time (HEADROOM_HEADERS_TIMEOUT_MS, HEADROOM_REQUEST_TIMEOUT_MS)',
      };
    case 'CONNECT':
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'invalid_request_error',
        message: 'CONNECT is not supported: the gateway is not a forward proxy',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'invalid_request_error',
        message: 'malformed HTTP request',
      };
  }
}

/**
 * Requests Node's HTTP parser rejects (oversized or malformed headers, bad
 * framing) or that arrive too slowly never reach a route; they still get the
 * Headroom envelope, with a fresh request id, before the socket closes.
 */
function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }

  const fault = clientFaultOf(error);
  const requestId = randomUUID();
  const body = JSON.stringify(errorEnvelope(fault.code, fault.message, requestId));
  socket.end(
    `HTTP/1.1 ${fault.status} ${fault.reason}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

import { performance } from 'node:perf_hooks';
import { isCcrKey } from '@headroom/contracts';
import { Pool } from 'undici';
import type { AnswerShape, SoakKind, SoakRequest } from './soak-traffic';

/** One request's fate: what came back, how long it took, and what was wrong with it. */
export type SoakOutcome = {
  index: number;
  kind: SoakKind;
  label: string;
  /** 0 when no response arrived (connection error or client timeout). */
  status: number;
  expectedStatus: number;
  latencyMs: number;
  /** Undefined for a correct answer; otherwise a short reason, e.g. `stream ended without [DONE]`. */
  problem?: string;
  /** CCR keys the answer named (compress answers), for later retrieve requests. */
  hashes: string[];
};

export type SoakClientOptions = {
  /** Open-loop load needs room for requests that pile up while the gateway is slow. */
  connections?: number;
  timeoutMs?: number;
};

/** Sends soak requests over one keep-alive pool to the gateway on 127.0.0.1. */
export class SoakClient {
  private readonly pool: Pool;
  private readonly timeoutMs: number;

  constructor(origin: string, options: SoakClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pool = new Pool(origin, {
      connections: options.connections ?? 256,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  async send(request: SoakRequest): Promise<SoakOutcome> {
    const started = performance.now();
    const base = {
      index: request.index,
      kind: request.kind,
      label: request.label,
      expectedStatus: request.expectedStatus,
    };

    try {
      const response = await this.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.body.text();
      const latencyMs = performance.now() - started;
      const checked = checkAnswer(request.shape, text);
      const problem =
        response.statusCode !== request.expectedStatus
          ? `status ${response.statusCode}, expected ${request.expectedStatus}: ${text.slice(0, 200)}`
          : checked.problem;

      return { ...base, status: response.statusCode, latencyMs, problem, hashes: checked.hashes };
    } catch (error: unknown) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);

      return {
        ...base,
        status: 0,
        latencyMs: performance.now() - started,
        problem: reason,
        hashes: [],
      };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

type Checked = { problem?: string; hashes: string[] };

/** Whether the body is the whole answer of its kind: a parsed JSON, a finished stream, an envelope. */
export function checkAnswer(shape: AnswerShape, text: string): Checked {
  switch (shape) {
    case 'openai-sse':
      return text.includes('data: [DONE]')
        ? { hashes: [] }
        : { problem: 'stream ended without [DONE]', hashes: [] };
    case 'anthropic-sse':
      return text.includes('event: message_stop')
        ? { hashes: [] }
        : { problem: 'stream ended without message_stop', hashes: [] };
    default:
      break;
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `answer is not JSON: ${text.slice(0, 120)}`, hashes: [] };
  }
  const body = (value ?? {}) as Record<string, unknown>;

  switch (shape) {
    case 'compress': {
      const hashes = Array.isArray(body['ccr_hashes']) ? body['ccr_hashes'].filter(isCcrKey) : [];
      return Array.isArray(body['messages'])
        ? { hashes }
        : { problem: 'compress answer without messages', hashes: [] };
    }
    case 'retrieve':
      return typeof body['original_content'] === 'string'
        ? { hashes: [] }
        : { problem: 'retrieve answer without original_content', hashes: [] };
    case 'envelope': {
      const error = body['error'] as Record<string, unknown> | undefined;
      const isEnvelope =
        Object.keys(body).length === 1 &&
        typeof error?.['type'] === 'string' &&
        typeof error['message'] === 'string' &&
        typeof error['request_id'] === 'string';
      return isEnvelope
        ? { hashes: [] }
        : { problem: 'error is not the Headroom envelope', hashes: [] };
    }
    default:
      return { hashes: [] };
  }
}

import { TRANSPORT_CONSUMER_GROUP, TRANSPORT_KEYS, type WorkerFamily } from '@headroom/contracts';
import type { Redis } from 'ioredis';

/** Backlog of a family, for `/metrics` and autoscaling. */
export type QueueDepth = {
  family: WorkerFamily;
  /** Entries in the stream: waiting plus being worked on (answered ones are deleted). */
  length: number;
  /** Read by a replica but not yet answered. */
  pending: number;
  /** Not yet read by any replica. */
  waiting: number;
  /** Replicas that have joined the group (live, or dead and not yet cleaned up). */
  consumers: number;
};

export async function readQueueDepth(redis: Redis, family: WorkerFamily): Promise<QueueDepth> {
  const stream = TRANSPORT_KEYS.requests(family);
  const [length, groups] = await Promise.all([
    redis.xlen(stream),
    redis.call('XINFO', 'GROUPS', stream).catch(() => []),
  ]);
  const group = findGroup(groups);
  const pending = group?.pending ?? 0;

  return {
    family,
    length,
    pending,
    waiting: Math.max(0, length - pending),
    consumers: group?.consumers ?? 0,
  };
}

function findGroup(groups: unknown): { pending: number; consumers: number } | undefined {
  if (!Array.isArray(groups)) return undefined;

  for (const group of groups) {
    if (!Array.isArray(group)) continue;
    const fields = new Map<string, unknown>();
    for (let index = 0; index + 1 < group.length; index += 2) {
      fields.set(String(group[index]), group[index + 1]);
    }
    if (fields.get('name') === TRANSPORT_CONSUMER_GROUP) {
      return {
        pending: Number(fields.get('pending') ?? 0),
        consumers: Number(fields.get('consumers') ?? 0),
      };
    }
  }

  return undefined;
}

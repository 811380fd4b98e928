import { Injectable } from '@nestjs/common';
import type { LiveNamespace } from './live-socket.js';
import type { RedisConnection } from './redis-connection.js';

/** What one instance tells the others; each carries the slug of the event concerned. */
export interface ClusterSignalMap {
  /** An event's live settings or block overrides changed: drop what is cached of them. */
  'event:live-state': string;
  /** An event's programme changed or the event was deleted: drop the cached programme. */
  'event:programme': string;
}
type Topic = keyof ClusterSignalMap;

/** Server-side events between instances only; never sent to a client. */
const CHANNEL = 'lsc:signal';

/** The part of socket.io's namespace used here (its server-side events are untyped for us). */
interface ServerSideChannel {
  serverSideEmit(event: string, ...args: unknown[]): boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Messages between the instances of a cluster, over the socket.io adapter that already carries
 * their broadcasts (Redis Streams): so a cache one instance keeps is dropped on every instance
 * when another one commits a change. Without Redis there are no other instances and nothing is
 * sent. A signal lost while Redis is away is covered by the caches' own short lifetime.
 */
@Injectable()
export class ClusterSignals {
  private channel: ServerSideChannel | null = null;
  private readonly listeners = new Map<Topic, ((slug: string) => void)[]>();

  constructor(private readonly redis: RedisConnection | null) {}

  /** Called by the live gateway once the namespace exists. */
  attach(namespace: LiveNamespace): void {
    if (!this.redis) return;
    this.channel = namespace;
    this.channel.on(CHANNEL, (topic: unknown, slug: unknown) => {
      if (typeof topic !== 'string' || typeof slug !== 'string') return;
      for (const listener of this.listeners.get(topic as Topic) ?? []) listener(slug);
    });
  }

  /** Tells the other instances (not this one: the sender acts on its own change itself). */
  send<T extends Topic>(topic: T, slug: ClusterSignalMap[T]): void {
    this.channel?.serverSideEmit(CHANNEL, topic, slug);
  }

  /** Runs `listener` on this instance whenever another instance sends `topic`. */
  on<T extends Topic>(topic: T, listener: (slug: ClusterSignalMap[T]) => void): void {
    const listeners = this.listeners.get(topic) ?? [];
    listeners.push(listener);
    this.listeners.set(topic, listeners);
  }
}

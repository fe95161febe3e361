/**
 * Messages between the instances of one deployment, by type. Features add their own
 * entries with declaration merging:
 *
 *     declare module '../cluster/cluster-bus' {
 *       interface ClusterMessages { 'presence.status': { userId: string; ... } }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface (not a type) so each feature can merge its messages in
export interface ClusterMessages {}

export type ClusterMessageType = keyof ClusterMessages & string;
export type ClusterHandler<K extends ClusterMessageType> = (payload: ClusterMessages[K], from: string) => void;

/**
 * Commands and notifications between instances (supersede a socket, kick, notices, a
 * user's ban changed…). With one process every message is delivered locally and at once;
 * with several, through Redis pub/sub. Delivery is at most once: what must not be lost
 * lives in PostgreSQL or Redis keys, and messages only say "act on it now".
 */
export abstract class ClusterBus {
  abstract readonly instanceId: string;
  /** Delivers to every instance, this one included. */
  abstract broadcast<K extends ClusterMessageType>(type: K, payload: ClusterMessages[K]): Promise<void>;
  /** Delivers to one instance (to this one locally, without Redis). */
  abstract sendTo<K extends ClusterMessageType>(instanceId: string, type: K, payload: ClusterMessages[K]): Promise<void>;
  abstract on<K extends ClusterMessageType>(type: K, handler: ClusterHandler<K>): void;
}

/** Handler bookkeeping shared by both buses. */
export class ClusterHandlers {
  private readonly handlers = new Map<string, Array<(payload: unknown, from: string) => void>>();

  add(type: string, handler: (payload: never, from: string) => void): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as (payload: unknown, from: string) => void);
    this.handlers.set(type, list);
  }

  /** Runs every handler of `type`; returns the errors they threw (one bad handler does not stop the rest). */
  deliver(type: string, payload: unknown, from: string): unknown[] {
    const errors: unknown[] = [];
    for (const handler of this.handlers.get(type) ?? []) {
      try {
        handler(payload, from);
      } catch (error) {
        errors.push(error);
      }
    }
    return errors;
  }
}

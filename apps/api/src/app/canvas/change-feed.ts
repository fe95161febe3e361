import type { ChangeRun } from './change-run';
import type { LogHead } from './placement-log.repository';

export interface FeedSubscriber {
  /** A run committed by any instance (this one included; duplicates are fine). */
  deliver(run: ChangeRun): void;
  /** The log's head as last seen (catches runs whose publication was lost). */
  noteHead(version: number): void;
  /** Reads the log's head (a query against the shared database). */
  readHead(): Promise<LogHead>;
}

/**
 * How committed runs travel between instances. One process has nobody to tell (the
 * local feed); several instances share a Redis Stream.
 */
export abstract class ChangeFeed {
  /** Remembers where the feed stands, BEFORE the canvas is recovered from the log. */
  abstract mark(): Promise<void>;
  /** Delivers everything published after the mark, and keeps delivering. */
  abstract start(subscriber: FeedSubscriber): Promise<void>;
  /** Tells the other instances about a run this instance committed (best effort). */
  abstract publish(run: ChangeRun): void;
  abstract stop(): Promise<void>;
}

export class LocalChangeFeed extends ChangeFeed {
  mark(): Promise<void> {
    return Promise.resolve();
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  publish(): void {
    // one process: the run was applied locally, nobody else to tell
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

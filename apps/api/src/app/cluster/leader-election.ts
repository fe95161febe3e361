import { Logger } from '@nestjs/common';

/** A job that must run on exactly one instance at a time (history snapshots, the stream, bot polling…). */
export interface LeaderJob {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * Runs each registered job on exactly one instance at a time. With one process that is
 * this one, from registration to shutdown; with several, the holder of a Redis lock.
 */
export abstract class LeaderElection {
  /** Starts `job` here whenever this instance holds the job's lock (now or later), stops it when it loses it. */
  abstract register(name: string, job: LeaderJob): void;
  /** Whether this instance runs `name` right now. */
  abstract leads(name: string): boolean;
  /** Stops every job (and lets another instance take them over at once). */
  abstract stopAll(): Promise<void>;

  /** Nest shutdown hook: jobs stop before the connections they use close. */
  beforeApplicationShutdown(): Promise<void> {
    return this.stopAll();
  }
}

/** The single-process election: every job runs here. */
export class LocalLeaderElection extends LeaderElection {
  private readonly logger = new Logger('LeaderElection');
  private readonly jobs = new Map<string, LeaderJob>();

  register(name: string, job: LeaderJob): void {
    this.jobs.set(name, job);
    void runStep(
      () => job.start(),
      (error) => this.logger.error(`job ${name} failed to start: ${error}`),
    );
  }

  leads(name: string): boolean {
    return this.jobs.has(name);
  }

  async stopAll(): Promise<void> {
    const jobs = [...this.jobs.entries()];
    this.jobs.clear();
    for (const [name, job] of jobs)
      await runStep(
        () => job.stop(),
        (error) => this.logger.error(`job ${name} failed to stop: ${error}`),
      );
  }
}

export async function runStep(step: () => void | Promise<void>, onError: (error: string) => void): Promise<void> {
  try {
    await step();
  } catch (error) {
    onError(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

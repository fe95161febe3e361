import type { ChildProcess } from 'node:child_process';

export interface ClusterInstance {
  id: string;
  port: number;
  url: string;
  log: string;
  child: ChildProcess | null;
  exited: Promise<unknown>;
  env: Record<string, string>;
  start(): Promise<void>;
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  url: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  instances: ClusterInstance[];
  nginxLog(): string;
  stop(options?: { keepWork?: boolean }): Promise<void>;
}

export interface ClusterOptions {
  instances?: number;
  databaseUrl?: string;
  redisUrl?: string;
  main?: string;
  workDir?: string;
  port?: number;
  instancePorts?: number[];
  env?: Record<string, string>;
  nginx?: string;
}

export const DEFAULT_MAIN: string;
export function freePort(): Promise<number>;
export function ensureDatabase(url: string): Promise<void>;
export function nginxSite(ports: number[], listenPort: number): string;
export function startCluster(options?: ClusterOptions): Promise<Cluster>;

import type { Server } from 'node:http';

export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * Bounds how long a client may hold an HTTP connection without progress: all headers
 * within `headersTimeoutMs`, the whole request within `requestTimeoutMs` (408 and close
 * otherwise), an idle keep-alive connection `keepAliveTimeoutMs` (longer than a proxy's
 * upstream keep-alive, 60 s in nginx, so the proxy never reuses a connection we just
 * closed). Node checks these every `connectionsCheckingInterval` (30 s by default, far
 * coarser than the timeouts); it is read when the server starts listening. WebSocket
 * connections leave HTTP after the upgrade and are not affected.
 */
export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    5000,
    Math.max(250, Math.floor(timeouts.headersTimeoutMs / 4)),
  );
}

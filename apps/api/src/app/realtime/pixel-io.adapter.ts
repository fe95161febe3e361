import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { PLAY_NAMESPACE, SOCKET_PATH } from '@pixel-wars/protocol';
import { AppConfig } from '../config/app-config';
import { closeOnForeignNamespace, refuseDefaultNamespace, WatchedConnection } from './namespace-guard';
import { EngineConnection, SocketAdmission } from './socket-admission';

/** Largest message a client may send (the channel is server → client only). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;
/**
 * How long an Engine.IO connection may stay without joining /play (Socket.IO's
 * `connectTimeout`, 45 s by default). A client joins right after the handshake.
 */
export const SOCKET_JOIN_TIMEOUT_MS = 5000;

/**
 * Socket.IO server options for the whole app. `allowRequest` is SocketAdmission (the
 * Origin — the `cors` option alone does not stop a cross-site WebSocket — and the
 * per-address caps); only `/play` may be joined; no connection-state recovery, so the
 * handshake middleware runs on every connection.
 */
export class PixelIoAdapter extends IoAdapter {
  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const admission = this.app.get(SocketAdmission);
    const server: Server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      perMessageDeflate: false,
      httpCompression: false,
      connectTimeout: SOCKET_JOIN_TIMEOUT_MS,
      // Same-origin pages need no CORS headers; other allowed origins get them.
      cors: { origin: this.config.allowedOrigins, credentials: true },
      allowRequest: (req, callback) => admission.allowRequest(req, callback),
    } as ServerOptions);
    refuseDefaultNamespace(server);
    server.engine.on('connection', (rawSocket: EngineConnection & WatchedConnection) => {
      admission.track(rawSocket);
      closeOnForeignNamespace(rawSocket, PLAY_NAMESPACE, () => admission.noteNamespaceRefused());
      // Socket.IO keeps each session's first HTTP request (headers, socket refs) for its whole
      // life; nothing here needs it after the handshake, so drop it (Socket.IO's memory guide).
      rawSocket.request = null;
    });
    return server;
  }
}

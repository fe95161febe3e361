import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { SOCKET_PATH } from '@pixel-wars/protocol';
import { AppConfig } from '../config/app-config';

/** Largest message a client may send (the channel is server → client only). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

/**
 * Socket.IO server options for the whole app. `allowRequest` checks the Origin (the
 * `cors` option alone does not stop a cross-site WebSocket); no connection-state
 * recovery, so the handshake middleware runs on every connection.
 */
export class PixelIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = new Set(this.config.allowedOrigins);
    const server: Server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      perMessageDeflate: false,
      httpCompression: false,
      cors: { origin: [...allowed], credentials: true },
      allowRequest: (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || allowed.has(origin));
      },
    } as ServerOptions);
    // Socket.IO keeps each session's first HTTP request (headers, socket refs) for its whole
    // life; nothing here needs it after the handshake, so drop it (Socket.IO's memory guide).
    server.engine.on('connection', (rawSocket: { request: unknown }) => {
      rawSocket.request = null;
    });
    return server;
  }
}

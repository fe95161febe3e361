import { Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { ExtendedError } from 'socket.io/dist/namespace';
import { PLAY_NAMESPACE } from '@pixel-wars/protocol';
import { ClusterBus } from '../cluster/cluster-bus';
import { ConfigurationService } from '../config/configuration.service';
import { MetricsService } from '../health/metrics.service';
import { BroadcastTargets } from './frame-broadcast';
import { unsentBytes } from './engine-internals';
import type { HandshakeMiddleware, PlayConnectionHandler, PlayNamespace, PlaySocket } from './play-socket';

declare module '../cluster/cluster-bus' {
  interface ClusterMessages {
    'realtime.notice': { message: string };
  }
}

/** A client that emits this many events (the channel is server → client only) is dropped. */
export const CLIENT_EMITS_TOLERATED = 3;
const SLOW_CONSUMER_SWEEP_MS = 1000;

/**
 * The `/play` namespace. Server → client only: `pixels` (one base64 batch frame per
 * tick, the same string for every socket), `status`, `notice`. Sign-in and presence
 * plug in through `useHandshake` and `setConnectionHandler`.
 */
@WebSocketGateway({ namespace: PLAY_NAMESPACE })
export class PlayGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(PlayGateway.name);
  private readonly handshakes: HandshakeMiddleware[] = [];
  private connectionHandler: PlayConnectionHandler | null = null;
  /** Every connected socket, walked by each broadcast. */
  private readonly targets = new BroadcastTargets();

  @WebSocketServer()
  server!: PlayNamespace;

  private slowConsumerSweep: NodeJS.Timeout | null = null;
  private readonly slowConsumerMaxBytes: number;
  private readonly directFrames: boolean;

  constructor(
    private readonly metrics: MetricsService,
    configuration: ConfigurationService,
    private readonly bus: ClusterBus,
  ) {
    this.slowConsumerMaxBytes = configuration.config.slowConsumerMaxBytes;
    this.directFrames = configuration.config.realtimeDirectFrames;
  }

  afterInit(server: PlayNamespace): void {
    server.use((socket, next) => this.runHandshakes(socket, next, 0));
    this.bus.on('realtime.notice', ({ message }) => this.server.emit('notice', { message }));
    this.slowConsumerSweep = setInterval(() => this.dropSlowConsumers(), SLOW_CONSUMER_SWEEP_MS);
    this.slowConsumerSweep.unref();
  }

  onModuleDestroy(): void {
    if (this.slowConsumerSweep) clearInterval(this.slowConsumerSweep);
  }

  /** Adds a middleware run on every connection, in registration order. */
  useHandshake(middleware: HandshakeMiddleware): void {
    this.handshakes.push(middleware);
  }

  setConnectionHandler(handler: PlayConnectionHandler): void {
    this.connectionHandler = handler;
  }

  handleConnection(socket: PlaySocket): void {
    this.targets.add(socket);
    let emits = 0;
    socket.onAny((event: string) => {
      emits++;
      if (emits >= CLIENT_EMITS_TOLERATED) {
        this.logger.warn(`socket ${socket.id} dropped: it emitted ${emits} events (last "${event}") on a server → client channel`);
        socket.disconnect(true);
      }
    });
    this.connectionHandler?.onConnect(socket);
  }

  handleDisconnect(socket: PlaySocket): void {
    this.targets.remove(socket);
    this.connectionHandler?.onDisconnect(socket, (socket as { disconnectReason?: string }).disconnectReason ?? 'disconnect');
  }

  socketCount(): number {
    return this.server?.sockets.size ?? 0;
  }

  /**
   * Sends one already-encoded batch frame to every socket (Socket.IO encodes the packet
   * once and writes the same precomputed WebSocket frame to each socket). Returns the
   * number of sockets written to.
   */
  broadcastPixels(frameBase64: string): number {
    const sockets = this.socketCount();
    if (sockets === 0) return 0;
    this.targets.broadcast(this.server.name, 'pixels', frameBase64, this.directFrames);
    this.metrics.addRealtimeBytes(frameBase64.length * sockets);
    return sockets;
  }

  /** Sends a `notice` to every socket of every instance. */
  broadcastNotice(message: string): Promise<void> {
    return this.bus.broadcast('realtime.notice', { message });
  }

  /**
   * A client that stops reading would make the server buffer every frame for it
   * forever; past the limit it is disconnected (it can reconnect and catch up).
   */
  dropSlowConsumers(): number {
    let dropped = 0;
    for (const socket of this.server.sockets.values()) {
      const backlog = unsentBytes(socket);
      if (backlog > this.slowConsumerMaxBytes) {
        this.logger.warn(`socket ${socket.id} dropped: ${backlog} bytes unsent (slow consumer)`);
        socket.disconnect(true);
        // disconnect() only queues a close frame behind the backlog: end the connection now.
        socket.conn.close();
        dropped++;
      }
    }
    return dropped;
  }

  private runHandshakes(socket: PlaySocket, next: (error?: ExtendedError) => void, index: number): void {
    const middleware = this.handshakes[index];
    if (!middleware) return next();
    try {
      middleware(socket, (error) => (error ? next(error) : this.runHandshakes(socket, next, index + 1)));
    } catch (error) {
      next(error as ExtendedError);
    }
  }
}

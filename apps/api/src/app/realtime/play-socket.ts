import type { Namespace, Socket } from 'socket.io';
import type { ExtendedError } from 'socket.io/dist/namespace';
import type { ClientToServerEvents, ServerToClientEvents } from '@pixel-wars/protocol';

/** The socket types of the `/play` namespace, shared by the gateway and its helpers. */
export type PlaySocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type PlayNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
export type HandshakeMiddleware = (socket: PlaySocket, next: (error?: ExtendedError) => void) => void;

export interface PlayConnectionHandler {
  onConnect(socket: PlaySocket): void;
  onDisconnect(socket: PlaySocket, reason: string): void;
}

import { InjectionToken } from '@angular/core';
import { PLAY_NAMESPACE, ServerToClientEvents } from '@pixel-wars/protocol';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

export type PlaySocket = Socket<ServerToClientEvents, Record<string, never>>;
export type PlaySocketOptions = Partial<ManagerOptions & SocketOptions>;
/** Opens the `/play` socket with these options. */
export type OpenPlaySocket = (options: PlaySocketOptions) => PlaySocket;

/**
 * Loads what opens the `/play` socket. The default fetches socket.io-client as a lazy
 * chunk (rejecting when it cannot be loaded, e.g. offline before the service worker
 * cached it); specs provide a fake socket instead.
 */
export const PLAY_SOCKET_FACTORY = new InjectionToken<() => Promise<OpenPlaySocket>>('PLAY_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => async () => {
    const { io } = await import('socket.io-client');
    return (options) => io(PLAY_NAMESPACE, options);
  },
});

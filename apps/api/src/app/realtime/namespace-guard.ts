import type { Server } from 'socket.io';

/** Socket.IO's own answer to an unknown namespace; `/` gets the same. */
export const INVALID_NAMESPACE = 'Invalid namespace';

/**
 * Socket.IO always serves its default namespace `/`; nothing here lives there, so every
 * connection to it is refused like an unknown namespace.
 */
export function refuseDefaultNamespace(server: Server): void {
  server.of('/').use((_socket, next) => next(new Error(INVALID_NAMESPACE)));
}

/** The part of an Engine.IO socket the guard needs. */
export interface WatchedConnection {
  on(event: 'packetCreate', listener: (packet: { type: string; data?: unknown }) => void): unknown;
  off(event: 'packetCreate', listener: (packet: { type: string; data?: unknown }) => void): unknown;
  close(): void;
}

/**
 * Closes an Engine.IO connection right after Socket.IO refused it a namespace other than
 * `allowed` (`/` or an unknown one): Socket.IO only sends the CONNECT_ERROR and would keep
 * the connection open until its connect timeout. Watches the encoded Socket.IO packets
 * (`4<nsp,>{…}` is a CONNECT_ERROR) only until the connection has joined `allowed`, so
 * the per-tick broadcast never passes through here.
 */
export function closeOnForeignNamespace(connection: WatchedConnection, allowed: string, onRefused: () => void): void {
  const joined = `0${allowed},`;
  const ownRefusal = `4${allowed},`;
  const watch = (packet: { type: string; data?: unknown }): void => {
    if (packet.type !== 'message' || typeof packet.data !== 'string') return;
    if (packet.data.startsWith(joined)) {
      connection.off('packetCreate', watch);
      return;
    }
    if (packet.data.startsWith('4') && !packet.data.startsWith(ownRefusal)) {
      connection.off('packetCreate', watch);
      onRefused();
      // After the CONNECT_ERROR is queued (packetCreate fires just before): close()
      // waits for the write buffer to drain, so the client still receives it.
      setImmediate(() => connection.close());
    }
  };
  connection.on('packetCreate', watch);
}

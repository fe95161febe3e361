import type { Socket } from 'socket.io';

interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * Bytes queued for a socket and not yet handed to the kernel: Engine.IO's packet
 * buffer plus the WebSocket's own buffer. Reads library internals, hence defensive.
 */
export function unsentBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineInternals;
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  const packets = conn.writeBuffer;
  if (packets) {
    for (const packet of packets) {
      const data = packet.data;
      if (typeof data === 'string') bytes += data.length;
      else if (data instanceof Uint8Array || data instanceof ArrayBuffer) bytes += data.byteLength;
    }
  }
  return bytes;
}

import { Encoder, PacketType } from 'socket.io-parser';
import { idleFrameSender, textFrame } from './engine-internals';
import type { PlayNamespace } from './play-socket';

const encoder = new Encoder();

/**
 * Writes one event to every socket of the namespace as ONE precomputed WebSocket frame.
 * Socket.IO's own broadcast ends in the same `sendFrame` per socket, but first walks
 * Engine.IO's per-packet path for each socket (packet objects, write buffer, flush and
 * drain events, a completion callback per write). Here a socket whose WebSocket transport
 * is idle (writable, nothing buffered in Engine.IO) gets the frame straight from its
 * sender, which keeps per-socket order (everything earlier is already with `ws`); any
 * other socket (polling, or a write still in flight) takes Socket.IO's normal path, and so
 * does every socket when `direct` is false (REALTIME_DIRECT_FRAMES=false).
 * Returns how many sockets took the direct path.
 */
export function broadcastFrame(server: PlayNamespace, event: string, payload: string, direct = true): number {
  const frame = direct ? buildFrame(server.name, event, payload) : null;
  let written = 0;
  for (const socket of server.sockets.values()) {
    const sender = frame ? idleFrameSender(socket) : null;
    if (frame && sender) {
      sender.sendFrame(frame);
      written++;
    } else {
      (socket.emit as (event: string, payload: string) => boolean)(event, payload);
    }
  }
  return written;
}

function buildFrame(namespace: string, event: string, payload: string): Buffer[] | null {
  const [encoded] = encoder.encode({ type: PacketType.EVENT, nsp: namespace, data: [event, payload] }) as unknown[];
  // "4": the Engine.IO message packet type.
  return typeof encoded === 'string' ? textFrame(`4${encoded}`) : null;
}

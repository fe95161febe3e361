import { Encoder, PacketType } from 'socket.io-parser';
import * as ws from 'ws';
import type { PlayNamespace } from './play.gateway';

const encoder = new Encoder();
const WS_OPEN = 1;
// ws exports its frame builder at run time (Socket.IO's adapter uses it the same way); @types/ws omits it.
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[] } };

interface WebSocketTransportInternals {
  name: string;
  writable: boolean;
  opts?: { perMessageDeflate?: unknown };
  socket?: { readyState: number; _sender?: { sendFrame(frame: Buffer[], cb?: (error?: Error) => void): void } };
}
interface EngineSocketInternals {
  readyState: string;
  writeBuffer: unknown[];
  transport: WebSocketTransportInternals;
}

/**
 * Writes one event to every socket of the namespace as ONE precomputed WebSocket frame.
 * Socket.IO's own broadcast ends in the same `sendFrame` per socket, but first walks
 * Engine.IO's per-packet path for each socket (packet objects, write buffer, flush and
 * drain events, a completion callback per write). Here a socket whose WebSocket transport
 * is idle (writable, nothing buffered in Engine.IO) gets the frame straight from its
 * sender, which keeps per-socket order (everything earlier is already with `ws`); any
 * other socket (polling, or a write still in flight) takes Socket.IO's normal path.
 * Returns how many sockets took the direct path.
 */
export function broadcastFrame(server: PlayNamespace, event: string, payload: string): number {
  const [encoded] = encoder.encode({ type: PacketType.EVENT, nsp: server.name, data: [event, payload] }) as string[];
  // "4": the Engine.IO message packet type.
  const frame = Sender.frame(Buffer.from(`4${encoded}`), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  let direct = 0;
  for (const socket of server.sockets.values()) {
    const engine = socket.conn as unknown as EngineSocketInternals;
    const transport = engine.transport;
    const webSocket = transport.socket;
    // With permessage-deflate, ws may hold messages back while compressing: never overtake them.
    const idle =
      transport.name === 'websocket' && !transport.opts?.perMessageDeflate && transport.writable && engine.writeBuffer.length === 0 && engine.readyState === 'open';
    if (idle && webSocket?.readyState === WS_OPEN && webSocket._sender) {
      webSocket._sender.sendFrame(frame);
      direct++;
    } else {
      (socket.emit as (event: string, payload: string) => boolean)(event, payload);
    }
  }
  return direct;
}

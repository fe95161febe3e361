import type { Socket } from 'socket.io';
import { Encoder, PacketType } from 'socket.io-parser';
import { EngineConnection, engineOf, idleFrameSender, textFrame } from './engine-internals';

const encoder = new Encoder();

/**
 * The sockets of one namespace in dense arrays, each beside its Engine.IO connection (read
 * once, when the socket joins), so a broadcast walks two arrays instead of Socket.IO's map
 * and the socket → client → connection chain: at thousands of sockets per tick that walk
 * is a cache miss per hop, on the event loop, between the frame and the last socket.
 * Fed by the namespace's connect and disconnect; the order changes on removal.
 */
export class BroadcastTargets {
  private readonly sockets: Socket[] = [];
  private readonly engines: EngineConnection[] = [];
  private readonly slotOf = new Map<Socket, number>();

  get size(): number {
    return this.sockets.length;
  }

  add(socket: Socket): void {
    if (this.slotOf.has(socket)) return;
    this.slotOf.set(socket, this.sockets.length);
    this.sockets.push(socket);
    this.engines.push(engineOf(socket));
  }

  remove(socket: Socket): void {
    const slot = this.slotOf.get(socket);
    if (slot === undefined) return;
    this.slotOf.delete(socket);
    const last = this.sockets.length - 1;
    if (slot !== last) {
      const moved = this.sockets[last]!;
      this.sockets[slot] = moved;
      this.engines[slot] = this.engines[last]!;
      this.slotOf.set(moved, slot);
    }
    this.sockets.pop();
    this.engines.pop();
  }

  /**
   * Writes one event to every socket as ONE precomputed WebSocket frame. Socket.IO's own
   * broadcast ends in the same `sendFrame` per socket, but first walks Engine.IO's
   * per-packet path for each socket (packet objects, write buffer, flush and drain events,
   * a completion callback per write). Here a socket whose WebSocket transport is idle
   * (writable, nothing buffered in Engine.IO) gets the frame straight from its sender,
   * which keeps per-socket order (everything earlier is already with `ws`); any other
   * socket (polling, or a write still in flight) takes Socket.IO's normal path, and so
   * does every socket when `direct` is false (REALTIME_DIRECT_FRAMES=false).
   * Returns how many sockets took the direct path.
   */
  broadcast(namespace: string, event: string, payload: string, direct = true): number {
    const frame = direct ? buildFrame(namespace, event, payload) : null;
    const sockets = this.sockets;
    const engines = this.engines;
    let written = 0;
    for (let i = 0; i < sockets.length; i++) {
      const sender = frame ? idleFrameSender(engines[i]!) : null;
      if (frame && sender) {
        sender.sendFrame(frame);
        written++;
      } else {
        (sockets[i]!.emit as (event: string, payload: string) => boolean)(event, payload);
      }
    }
    return written;
  }
}

function buildFrame(namespace: string, event: string, payload: string): Buffer[] | null {
  const [encoded] = encoder.encode({ type: PacketType.EVENT, nsp: namespace, data: [event, payload] }) as unknown[];
  // "4": the Engine.IO message packet type.
  return typeof encoded === 'string' ? textFrame(`4${encoded}`) : null;
}

import type { Socket } from 'socket.io';
import * as ws from 'ws';

/**
 * The one place that reads private fields of Engine.IO, `ws` and socket.io-parser (direct
 * frames and the slow-consumer backlog). Every read is optional: when a field is missing
 * the caller falls back to Socket.IO's public path. `engine-internals.spec.ts` fails when
 * an installed version differs from the one these reads were verified against.
 */
export const VERIFIED_VERSIONS = { 'engine.io': '6.6.13', ws: '8.23.0', 'socket.io-parser': '4.2.7' } as const;

const WS_OPEN = 1;

type FrameOptions = { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean };
// ws exports its frame builder at run time (Socket.IO's adapter uses it the same way); @types/ws omits it.
const frameBuilder = (ws as unknown as { Sender?: { frame?: (data: Buffer, options: FrameOptions) => Buffer[] } }).Sender;

interface EngineSocketInternals {
  readyState?: string;
  writeBuffer?: { data?: unknown }[];
  transport?: {
    name?: string;
    writable?: boolean;
    opts?: { perMessageDeflate?: unknown };
    socket?: { readyState?: number; bufferedAmount?: number; _sender?: { sendFrame?(frame: Buffer[], cb?: (error?: Error) => void): void } };
  };
}

/**
 * One unmasked, final WebSocket text frame carrying `text`, header and payload in ONE
 * buffer (null when ws no longer exposes its builder): ws writes a one-buffer frame with a
 * single `write`, where its usual [header, payload] pair costs a cork, two writes and a
 * `writev` per socket.
 */
export function textFrame(text: string): Buffer[] | null {
  if (typeof frameBuilder?.frame !== 'function') return null;
  const parts = frameBuilder.frame(Buffer.from(text), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  return parts.length === 1 ? parts : [Buffer.concat(parts)];
}

/** What writes a frame to a socket's WebSocket (ws's Sender). */
export interface FrameSender {
  sendFrame(frame: Buffer[], cb?: (error?: Error) => void): void;
}

/** A socket's Engine.IO connection, as the reads below see it (constant for the socket's life). */
export type EngineConnection = EngineSocketInternals;

export function engineOf(socket: Socket): EngineConnection {
  return socket.conn as unknown as EngineConnection;
}

/**
 * The connection's WebSocket frame sender when it is idle: WebSocket transport without
 * permessage-deflate (ws may hold compressed messages back: never overtake them),
 * writable, nothing buffered in Engine.IO, socket open. Null otherwise (use Socket.IO).
 * Returns ws's own object, so a broadcast allocates nothing per socket.
 */
export function idleFrameSender(engine: EngineConnection): FrameSender | null {
  const transport = engine.transport;
  const webSocket = transport?.socket;
  const sender = webSocket?._sender;
  const idle =
    transport?.name === 'websocket' &&
    !transport.opts?.perMessageDeflate &&
    transport.writable === true &&
    engine.writeBuffer?.length === 0 &&
    engine.readyState === 'open' &&
    webSocket?.readyState === WS_OPEN;
  if (!idle || typeof sender?.sendFrame !== 'function') return null;
  return sender as FrameSender;
}

/**
 * Bytes queued for a socket and not yet handed to the kernel: Engine.IO's packet
 * buffer plus the WebSocket's own buffer (0 for what cannot be read).
 */
export function unsentBytes(socket: Socket): number {
  const engine = engineOf(socket);
  let bytes = engine.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of engine.writeBuffer ?? []) {
    const data = packet?.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array || data instanceof ArrayBuffer) bytes += data.byteLength;
  }
  return bytes;
}

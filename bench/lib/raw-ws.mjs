// A minimal WebSocket client (RFC 6455) over a plain TCP socket, for load generators only:
// thousands of receivers share the benchmark's 2 cores with the server under test, so
// each message costs one 'data' event and a header parse here, no stream machinery, no
// string conversion. Text and binary messages arrive as Buffer views (no copy when a TCP
// read holds whole frames); pings are answered; client frames are masked as the RFC asks.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 3;

export class RawWebSocket {
  /**
   * @param {string} url ws://host:port/path?query
   * @param {object} handlers
   * @param {(data: Buffer, isBinary: boolean) => void} handlers.onMessage
   * @param {() => void} [handlers.onOpen]
   * @param {(error: Error) => void} [handlers.onError]
   * @param {(code: number) => void} [handlers.onClose]
   * @param {number} [handshakeTimeoutMs]
   */
  constructor(url, { onMessage, onOpen, onError, onClose }, handshakeTimeoutMs = 10_000) {
    const target = new URL(url);
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onError = onError;
    this.onClose = onClose;
    this.readyState = CONNECTING;
    this.closeCode = 1006;
    this.pending = null; // bytes of an incomplete frame (or an incomplete handshake)
    this.fragments = null; // [opcode, ...Buffer] of a fragmented message
    this.key = randomBytes(16).toString('base64');
    this.socket = net.connect({ host: target.hostname, port: Number(target.port || 80), noDelay: true });
    this.handshakeTimer = setTimeout(() => this.fail(new Error('handshake timeout')), handshakeTimeoutMs);
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('data', (chunk) => (this.readyState === OPEN ? this.onData(chunk) : this.onHandshakeData(chunk)));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.finish());
  }

  send(text) {
    if (this.readyState !== OPEN) return;
    this.socket.write(frame(OP_TEXT, Buffer.from(text, 'utf8')));
  }

  /** Ends the connection at once (no closing handshake). */
  terminate() {
    this.socket.destroy();
    this.finish();
  }

  onHandshakeData(chunk) {
    const buffered = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buffered.length > 16 * 1024) this.fail(new Error('handshake response too large'));
      else this.pending = buffered;
      return;
    }
    this.pending = null;
    const head = buffered.toString('latin1', 0, end);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
    if (status !== '101') return this.fail(new Error(`Unexpected server response: ${status ?? head.slice(0, 40)}`));
    const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(head)?.[1];
    const expected = createHash('sha1')
      .update(this.key + GUID)
      .digest('base64');
    if (accept !== expected) return this.fail(new Error('invalid Sec-WebSocket-Accept'));
    clearTimeout(this.handshakeTimer);
    this.readyState = OPEN;
    this.onOpen?.();
    if (end + 4 < buffered.length) this.onData(buffered.subarray(end + 4));
  }

  onData(chunk) {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let offset = 0;
    while (this.readyState === OPEN) {
      const available = buf.length - offset;
      if (available < 2) break;
      const b0 = buf[offset];
      const b1 = buf[offset + 1];
      let length = b1 & 0x7f;
      let headerLength = 2;
      if (length === 126) {
        if (available < 4) break;
        length = buf.readUInt16BE(offset + 2);
        headerLength = 4;
      } else if (length === 127) {
        if (available < 10) break;
        length = Number(buf.readBigUInt64BE(offset + 2));
        headerLength = 10;
      }
      if (b1 & 0x80) headerLength += 4; // servers must not mask; tolerate it anyway
      if (length > MAX_MESSAGE_BYTES) return this.fail(new Error(`frame of ${length} bytes`));
      if (available < headerLength + length) break;
      let payload = buf.subarray(offset + headerLength, offset + headerLength + length);
      if (b1 & 0x80) payload = unmask(payload, buf.subarray(offset + headerLength - 4, offset + headerLength));
      offset += headerLength + length;
      this.onFrame(b0 & 0x80, b0 & 0x0f, payload);
    }
    if (offset < buf.length && this.readyState === OPEN) this.pending = Buffer.from(buf.subarray(offset));
  }

  onFrame(fin, opcode, payload) {
    if (opcode === OP_TEXT || opcode === OP_BINARY) {
      if (fin) this.onMessage(payload, opcode === OP_BINARY);
      else this.fragments = [opcode, Buffer.from(payload)];
    } else if (opcode === OP_CONTINUATION) {
      if (!this.fragments) return this.fail(new Error('continuation without a first fragment'));
      this.fragments.push(Buffer.from(payload));
      if (fin) {
        const [first, ...parts] = this.fragments;
        this.fragments = null;
        this.onMessage(Buffer.concat(parts), first === OP_BINARY);
      }
    } else if (opcode === OP_PING) {
      this.socket.write(frame(0xa, payload));
    } else if (opcode === OP_CLOSE) {
      this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.socket.end(frame(OP_CLOSE, payload.subarray(0, 2)));
      this.finish();
    }
  }

  fail(error) {
    if (this.readyState === CLOSED) return;
    this.onError?.(error);
    this.socket.destroy();
    this.finish();
  }

  finish() {
    if (this.readyState === CLOSED) return;
    clearTimeout(this.handshakeTimer);
    this.readyState = CLOSED;
    this.pending = null;
    this.onClose?.(this.closeCode);
  }
}

function frame(opcode, payload) {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headerLength + 4 + length);
  out[0] = 0x80 | opcode;
  if (length < 126) out[1] = 0x80 | length;
  else if (length < 65_536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(out, headerLength);
  for (let i = 0; i < length; i++) out[headerLength + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}

function unmask(payload, mask) {
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = payload[i] ^ mask[i & 3];
  return out;
}

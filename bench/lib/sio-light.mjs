// A light Socket.IO client: Engine.IO v4 / Socket.IO v5 spoken directly over a minimal
// WebSocket client (raw-ws.mjs; WebSocket transport only, no polling upgrade, no
// reconnection, no acks). Thousands of these fit in one process, so the load generators
// leave the CPU to the server.
//
// Wire summary: ws://host/socket.io/?EIO=4&transport=websocket
//   server "0{sid,pingInterval,...}"  -> client "40/play,{auth}"
//   server "40/play,{sid}"            namespace connected   | "44/play,{message}" refused
//   server "2" (ping)                 -> client "3" (pong)
//   server "42/play,[event,payload]"  an event; `pixels` carries a base64 string
import { CLOSED, RawWebSocket } from './raw-ws.mjs';

const CH_0 = 0x30;
const CH_1 = 0x31;
const CH_2 = 0x32;
const CH_4 = 0x34;

export class LightSocket {
  /**
   * @param {string} base http://host:port
   * @param {object} o
   * @param {string} [o.namespace] '/play'
   * @param {string} [o.token] auth token sent in the namespace CONNECT packet
   * @param {(payload: Buffer, t: number, socket: LightSocket) => void} [o.onPixels] the base64 text of each `pixels` event, as a view into the received bytes (copy it to keep it)
   * @param {(name: string, payload: unknown, t: number, socket: LightSocket) => void} [o.onEvent] any other event
   * @param {(socket: LightSocket, reason: string) => void} [o.onClose]
   * @param {() => number} [o.clock] receipt clock (ms)
   */
  constructor(base, o = {}) {
    this.url = `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    this.namespace = o.namespace ?? '/play';
    this.token = o.token;
    this.onPixels = o.onPixels;
    this.onEvent = o.onEvent;
    this.onClose = o.onClose;
    this.clock = o.clock ?? (() => performance.now());
    this.id = o.id ?? 0;
    this.status = null;
    this.connected = false;
    this.closed = false;
    this.ws = null;
    const ns = this.namespace === '/' ? '' : `${this.namespace},`;
    this.nsPrefix = ns;
    this.pixelsPrefix = Buffer.from(`42${ns}["pixels","`, 'latin1');
    this.eventPrefixLength = 2 + ns.length;
  }

  /** Opens the connection and joins the namespace; rejects on refusal, close or timeout. */
  connect(timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          this.close();
          reject(error);
        } else resolve(this);
      };
      const timer = setTimeout(() => settle(new Error('connect timeout')), timeoutMs);
      this.ws = new RawWebSocket(
        this.url,
        {
          onMessage: (data, isBinary) => {
            if (!isBinary) this.handle(data, settle);
          },
          onError: (error) => settle(error),
          onClose: (code) => {
            const wasConnected = this.connected;
            this.connected = false;
            this.closed = true;
            settle(new Error(`closed before connect (${code})`));
            if (wasConnected) this.onClose?.(this, `ws close ${code}`);
          },
        },
        timeoutMs,
      );
    });
  }

  handle(data, settle) {
    const type = data[0];
    if (type === CH_4) {
      const sub = data[1];
      if (sub === CH_2) {
        const t = this.clock();
        const p = this.pixelsPrefix;
        if (data.length > p.length + 2 && data.compare(p, 0, p.length, 0, p.length) === 0) {
          this.onPixels?.(data.subarray(p.length, data.length - 2), t, this);
          return;
        }
        const body = data.toString('utf8', this.eventPrefixLength);
        let parsed;
        try {
          parsed = JSON.parse(body);
        } catch {
          return;
        }
        if (!Array.isArray(parsed)) return;
        const [name, payload] = parsed;
        if (name === 'status' && payload && typeof payload === 'object') this.status = payload.status ?? null;
        this.onEvent?.(name, payload, t, this);
      } else if (sub === CH_0) {
        this.connected = true;
        settle();
      } else if (sub === CH_4) {
        let message = 'connect_error';
        try {
          message = JSON.parse(data.toString('utf8', this.eventPrefixLength)).message ?? message;
        } catch {
          // keep the generic message
        }
        settle(new Error(message));
      } else if (sub === CH_1) {
        this.connected = false;
        this.onClose?.(this, 'namespace disconnect');
        this.close();
      }
    } else if (type === CH_2) {
      this.ws.send('3');
    } else if (type === CH_0) {
      const auth = this.token === undefined ? '' : JSON.stringify({ token: this.token });
      this.ws.send(`40${this.nsPrefix}${auth}`);
    } else if (type === CH_1) {
      this.close();
    }
  }

  close() {
    if (this.ws && this.ws.readyState !== CLOSED) this.ws.terminate();
  }
}

/** Connects `count` sockets with bounded concurrency; returns {sockets, failed, errors}. */
export async function connectMany(count, make, { concurrency = 64, timeoutMs = 15_000 } = {}) {
  const sockets = new Array(count);
  const errors = new Map();
  let next = 0;
  let failed = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const socket = make(i);
      try {
        await socket.connect(timeoutMs);
        sockets[i] = socket;
      } catch (error) {
        failed++;
        const key = String(error.message ?? error).slice(0, 80);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { sockets: sockets.filter(Boolean), failed, errors: Object.fromEntries(errors) };
}

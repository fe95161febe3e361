import { HttpClient, HttpErrorResponse, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { SOCKET_PATH } from '@pixel-wars/protocol';
import { firstValueFrom, timeout } from 'rxjs';

/**
 * Why `/play` cannot be joined, as far as the player can do something about it:
 * - unauthorized: the session is over (sign in again);
 * - banned: the account is banned;
 * - refused: the server turns this page's address away (origin not allowed, or a proxy
 *   that does not pass the WebSocket through);
 * - rate-limited: too many connections from this network;
 * - unreachable: no answer from the server (offline, server down);
 * - failed: anything else the server answered (a server error).
 */
export type ConnectionProblem = 'unauthorized' | 'banned' | 'refused' | 'rate-limited' | 'unreachable' | 'failed';

/** What a probe of the Engine.IO handshake says. `reachable`: it was accepted. */
export type ProbeResult = Exclude<ConnectionProblem, 'unauthorized' | 'banned'> | 'reachable';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Socket.IO reports a refused or failed WebSocket only as "websocket error". This asks
 * the same endpoint over HTTP long-polling, whose refusals carry the reason as JSON
 * (`{"code": 4, "message": "ORIGIN_NOT_ALLOWED" | "RATE_LIMITED"}`), and closes the
 * Engine.IO session it opens when the server accepts it.
 */
@Injectable({ providedIn: 'root' })
export class HandshakeProbe {
  private readonly http = inject(HttpClient);

  async probe(): Promise<ProbeResult> {
    let response: HttpResponse<string>;
    try {
      response = await firstValueFrom(
        this.http
          .get(`${SOCKET_PATH}/`, { params: { EIO: 4, transport: 'polling', t: Date.now().toString(36) }, observe: 'response', responseType: 'text' })
          .pipe(timeout(PROBE_TIMEOUT_MS)),
      );
    } catch (error) {
      return error instanceof HttpErrorResponse && error.status !== 0 ? refusal(error.status, error.error) : 'unreachable';
    }
    void this.close(response.body ?? '');
    return 'reachable';
  }

  /** Sends the Engine.IO close packet ("1") for the session the probe opened. */
  private async close(openPacket: string): Promise<void> {
    const sid = /"sid":"([^"]+)"/.exec(openPacket)?.[1];
    if (!sid) return;
    try {
      await firstValueFrom(this.http.post(`${SOCKET_PATH}/`, '1', { params: { EIO: 4, transport: 'polling', sid }, responseType: 'text' }));
    } catch {
      // The server drops an unused session on its own after the ping timeout.
    }
  }
}

function refusal(status: number, body: unknown): ProbeResult {
  const message = readMessage(body);
  if (message === 'ORIGIN_NOT_ALLOWED') return 'refused';
  if (message === 'RATE_LIMITED' || status === 429) return 'rate-limited';
  return 'failed';
}

function readMessage(body: unknown): string | null {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    const message = (parsed as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

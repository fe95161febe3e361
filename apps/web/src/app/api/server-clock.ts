import { Injectable } from '@angular/core';

/**
 * Maps server epoch milliseconds (cooldownUntil, afkAt) to this device's clock.
 * The offset starts from the `Date` header (1 s resolution, only trusted when the
 * clocks are clearly apart) and is refined by each placement, whose answer carries
 * a server time known to within half a round trip.
 */
@Injectable({ providedIn: 'root' })
export class ServerClock {
  /** server time − local time, in ms. */
  private offset = 0;
  private precise = false;

  fromDateHeader(header: string | null, receivedAt: number): void {
    if (this.precise || !header) return;
    const server = Date.parse(header);
    if (Number.isNaN(server)) return;
    const offset = server + 500 - receivedAt;
    if (Math.abs(offset) > 2000) this.offset = offset;
  }

  /** A server event at `serverTime` happened between `sentAt` and `receivedAt` (local). */
  fromExchange(serverTime: number, sentAt: number, receivedAt: number): void {
    this.offset = serverTime - (sentAt + receivedAt) / 2;
    this.precise = true;
  }

  toLocal(serverTime: number): number {
    return serverTime - this.offset;
  }

  serverNow(): number {
    return Date.now() + this.offset;
  }
}

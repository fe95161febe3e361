import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../health/metrics.service';
import { PresenceService } from './presence.service';

/**
 * Presence and admission metrics, read from PresenceService at scrape time. With REDIS_URL
 * the playing/queued/stalled gauges are the whole game's (the same on every instance, at
 * most one second old: aggregate them with max, not sum); sockets, the load flag and the
 * counters are this instance's (each event is counted by the one instance that ran it).
 */
@Injectable()
export class PresenceMetrics {
  constructor(metrics: MetricsService, presence: PresenceService) {
    const registers = [metrics.registry];
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });

    gauge('pixelwars_players_playing', 'Users holding a playing slot (stalled ones included)', () => presence.counts().playing);
    gauge('pixelwars_players_queued', 'Users waiting in the admission queue (stalled ones included)', () => presence.counts().queued);
    gauge('pixelwars_players_stalled', 'Tracked users whose socket dropped (keeping their place for the AFK window)', () => presence.counts().stalled);
    gauge('pixelwars_play_sockets', 'Open /play sockets', () => presence.counts().sockets);
    gauge('pixelwars_admission_paused_by_load', '1 while measured load holds admission back', () => (presence.loadPausedReason === null ? 0 : 1));
    counter('pixelwars_admissions_total', 'Users admitted from the queue to play', () => presence.totals.admissions);
    counter('pixelwars_afk_total', 'Players dropped to AFK after the inactivity window', () => presence.totals.afk);
    counter('pixelwars_queue_expired_total', 'Stalled queue places that expired', () => presence.totals.queueExpiries);
    counter('pixelwars_sockets_superseded_total', 'Sockets closed because the same user connected with a newer session', () => presence.totals.superseded);
  }
}

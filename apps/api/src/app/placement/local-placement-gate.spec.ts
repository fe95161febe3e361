import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { LocalPresenceService } from '../presence/local-presence.service';
import type { PresenceSocket } from '../presence/presence.types';
import type { AdmissionLoad } from '../queue/admission-load';
import type { UsersService } from '../users/users.service';
import { LocalPlacementGate } from './local-placement-gate';

const configuration = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', PIXEL_CHARGES: '4', DATA_DIR: '/tmp/unused-local-gate-spec' }));
const socketOf = (userId: string): PresenceSocket => ({
  id: `socket-${userId}`,
  data: { principal: { userId, sessionNumber: 1, role: 'player', name: userId, email: `${userId}@x` } },
  emit: () => true,
  disconnect: () => undefined,
});

describe('LocalPlacementGate with PIXEL_CHARGES=4', () => {
  const presence = new LocalPresenceService(
    configuration,
    { isBanned: () => false } as unknown as UsersService,
    { verdict: () => ({ overloaded: false }) } as unknown as AdmissionLoad,
  );
  afterEach(() => presence.onModuleDestroy());

  it('N + 50 parallel reservations of a player with N = 4 charges: exactly N win; a refund gives one back', async () => {
    presence.connect(socketOf('racer'));
    const gate = new LocalPlacementGate(presence, configuration);
    const now = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 54 }, () => Promise.resolve().then(() => gate.enter('racer', now))));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(4);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refused).toHaveLength(50);
    expect(refused[0].getResponse()).toMatchObject({ code: 'COOLDOWN', retryAfterMs: 5000 });
    expect(gate.refund('racer', now)).toBe(now + 15_000);
    expect(gate.enter('racer', now)).toMatchObject({ charges: 0, nextChargeAt: now + 5000, until: now + 20_000 });
  });
});

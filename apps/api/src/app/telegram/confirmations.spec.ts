import { describe, expect, it } from 'vitest';
import { CONFIRM_CALLBACK, CONFIRMATION_TTL_MS, ConfirmationStore } from './confirmations';

const actor = { channel: 'telegram' as const, id: '1', name: '@a', locale: 'en' as const };
const request = { prompt: 'Sure?', confirmLabel: 'Yes', run: async () => 'done', action: 'clear', args: '', requestedBy: actor };

describe('ConfirmationStore', () => {
  it('hands a confirmation out once, with callback data that fits Telegram', () => {
    const store = new ConfirmationStore();
    const nonce = store.add(request);
    expect(CONFIRM_CALLBACK.test(`cf:${nonce}:y`)).toBe(true);
    expect(`cf:${nonce}:y`.length).toBeLessThanOrEqual(64);
    expect(store.take(nonce)?.action).toBe('clear');
    expect(store.take(nonce)).toBeNull();
  });

  it('forgets confirmations after the time limit', () => {
    let now = 1_000_000;
    const store = new ConfirmationStore(() => now);
    const nonce = store.add(request);
    now += CONFIRMATION_TTL_MS;
    expect(store.take(nonce)).toBeNull();
  });
});

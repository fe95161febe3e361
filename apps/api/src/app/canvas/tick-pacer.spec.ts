import { describe, expect, it } from 'vitest';
import { TickPacer } from './tick-pacer';

describe('TickPacer', () => {
  it('keeps the configured tick while broadcasting is cheap', () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    expect(pacer.intervalMs()).toBe(50);
    for (let i = 0; i < 20; i++) pacer.recordBroadcast(10);
    expect(pacer.intervalMs()).toBe(50);
  });

  it('stretches the tick so the broadcast stays within its share of the loop', () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    for (let i = 0; i < 50; i++) pacer.recordBroadcast(40);
    expect(pacer.intervalMs()).toBeCloseTo(80, 5);
    expect(pacer.broadcastCostMs()).toBeCloseTo(40, 5);
  });

  it('never waits longer than the maximum interval', () => {
    const pacer = new TickPacer(50, 300, 0.5);
    for (let i = 0; i < 50; i++) pacer.recordBroadcast(400);
    expect(pacer.intervalMs()).toBe(300);
  });

  it('smooths a single slow tick instead of following it', () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    for (let i = 0; i < 50; i++) pacer.recordBroadcast(20);
    pacer.recordBroadcast(200);
    expect(pacer.intervalMs()).toBeLessThan(200 / 0.5);
    expect(pacer.intervalMs()).toBeGreaterThan(50);
    for (let i = 0; i < 30; i++) pacer.recordBroadcast(20);
    expect(pacer.intervalMs()).toBeCloseTo(50, 0);
  });
});

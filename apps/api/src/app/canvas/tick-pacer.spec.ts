import { describe, expect, it } from 'vitest';
import { PACER_WINDOW, TickPacer } from './tick-pacer';

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

  it('ignores one or two slow broadcasts (a GC pause, the process descheduled) instead of stretching the tick', () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    for (let i = 0; i < 10; i++) pacer.recordBroadcast(20);
    pacer.recordBroadcast(900);
    expect(pacer.intervalMs()).toBe(50);
    pacer.recordBroadcast(20);
    pacer.recordBroadcast(700);
    expect(pacer.intervalMs()).toBe(50);
    expect(pacer.broadcastCostMs()).toBe(20);
  });

  it(`follows a lasting change of cost within ${Math.ceil(PACER_WINDOW / 2)} broadcasts, both ways`, () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    for (let i = 0; i < 10; i++) pacer.recordBroadcast(20);
    pacer.recordBroadcast(150);
    pacer.recordBroadcast(150);
    expect(pacer.intervalMs()).toBe(50);
    pacer.recordBroadcast(150);
    expect(pacer.intervalMs()).toBe(300);
    for (let i = 0; i < 2; i++) pacer.recordBroadcast(20);
    expect(pacer.intervalMs()).toBe(300);
    pacer.recordBroadcast(20);
    expect(pacer.intervalMs()).toBe(50);
  });

  it('starts from the first broadcast it sees', () => {
    const pacer = new TickPacer(50, 1000, 0.5);
    pacer.recordBroadcast(100);
    expect(pacer.intervalMs()).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import type { TimerHost } from '../common/scheduling/expiry-scheduler';
import { StatusCoalescer } from './status-coalescer';

/** Timers fired by hand: `fire()` runs what is armed. */
class HandTimers implements TimerHost {
  armed: Array<() => void> = [];
  now(): number {
    return 0;
  }
  setTimeout(callback: () => void): unknown {
    this.armed.push(callback);
    return callback;
  }
  clearTimeout(handle: unknown): void {
    this.armed = this.armed.filter((c) => c !== handle);
  }
  fire(): void {
    const armed = this.armed;
    this.armed = [];
    for (const callback of armed) callback();
  }
}

const key = (name: string) => ({ name, statusDue: false });

describe('StatusCoalescer', () => {
  it('sends each marked key once per tick, in marking order, with one timer', () => {
    const timers = new HandTimers();
    const sent: string[] = [];
    const coalescer = new StatusCoalescer<ReturnType<typeof key>>(timers, 50, (k) => sent.push(k.name));
    const [a, b] = [key('a'), key('b')];
    for (let i = 0; i < 100; i++) coalescer.mark(i % 3 ? a : b);
    expect(timers.armed).toHaveLength(1);
    timers.fire();
    expect(sent).toEqual(['b', 'a']);
    expect([a.statusDue, b.statusDue]).toEqual([false, false]);
    timers.fire();
    expect(sent).toEqual(['b', 'a']);
  });

  it('a forgotten key is not sent; forgotten and marked again in one tick it is sent once', () => {
    const timers = new HandTimers();
    const sent: string[] = [];
    const coalescer = new StatusCoalescer<ReturnType<typeof key>>(timers, 50, (k) => sent.push(k.name));
    const [a, b] = [key('a'), key('b')];
    coalescer.mark(a);
    coalescer.mark(b);
    coalescer.forget(a);
    coalescer.forget(b);
    coalescer.mark(b);
    coalescer.mark(b);
    timers.fire();
    expect(sent).toEqual(['b']);
  });

  it('a key marked while the tick sends waits for the next tick', () => {
    const timers = new HandTimers();
    const sent: string[] = [];
    const [a, b] = [key('a'), key('b')];
    const coalescer: StatusCoalescer<ReturnType<typeof key>> = new StatusCoalescer(timers, 50, (k) => {
      sent.push(k.name);
      if (k === a) coalescer.mark(b);
    });
    coalescer.mark(a);
    timers.fire();
    expect(sent).toEqual(['a']);
    expect(timers.armed).toHaveLength(1);
    timers.fire();
    expect(sent).toEqual(['a', 'b']);
  });

  it('stop() drops every pending status and the timer', () => {
    const timers = new HandTimers();
    const sent: string[] = [];
    const coalescer = new StatusCoalescer<ReturnType<typeof key>>(timers, 50, (k) => sent.push(k.name));
    const a = key('a');
    coalescer.mark(a);
    coalescer.stop();
    expect(timers.armed).toEqual([]);
    expect(a.statusDue).toBe(false);
    coalescer.mark(a);
    timers.fire();
    expect(sent).toEqual(['a']);
  });
});

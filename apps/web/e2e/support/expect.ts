import { Locator, Page } from 'playwright-core';

export type { Page };

const DEFAULT_TIMEOUT = 10_000;

async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, describe: (value: T) => string, timeout: number): Promise<void> {
  const start = Date.now();
  let value = await read();
  while (!ok(value)) {
    if (Date.now() - start > timeout) throw new Error(describe(value));
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
}

/** Polls `read` until `ok` holds (what a value-level `expect.poll` would do). */
export function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = DEFAULT_TIMEOUT): Promise<void> {
  return poll(read, ok, (v) => `${what}: last value ${JSON.stringify(v)}`, timeout);
}

/**
 * The few web-first assertions these tests need (playwright-core ships no `expect`):
 * each polls until it holds or the timeout passes.
 */
export function expect(locator: Locator, timeout = DEFAULT_TIMEOUT) {
  const text = () =>
    locator
      .first()
      .textContent({ timeout })
      .then((t) => (t ?? '').trim());
  return {
    toHaveText: (expected: string | RegExp) =>
      poll(
        text,
        (t) => (typeof expected === 'string' ? t === expected : expected.test(t)),
        (t) => `${locator} has text "${t}", expected ${expected}`,
        timeout,
      ),
    toContainText: (expected: string) =>
      poll(
        text,
        (t) => t.includes(expected),
        (t) => `${locator} has text "${t}", expected to contain "${expected}"`,
        timeout,
      ),
    toHaveAttribute: (name: string, expected: string | RegExp) =>
      poll(
        () => locator.first().getAttribute(name, { timeout }),
        (v) => v !== null && (typeof expected === 'string' ? v === expected : expected.test(v)),
        (v) => `${locator} has ${name}="${v}", expected ${expected}`,
        timeout,
      ),
    toHaveValue: (expected: string) =>
      poll(
        () => locator.first().inputValue({ timeout }),
        (v) => v === expected,
        (v) => `${locator} has value "${v}", expected "${expected}"`,
        timeout,
      ),
    toHaveCount: (expected: number) =>
      poll(
        () => locator.count(),
        (n) => n === expected,
        (n) => `${locator} matches ${n} elements, expected ${expected}`,
        timeout,
      ),
    toBeVisible: () =>
      poll(
        () => locator.first().isVisible(),
        (v) => v,
        () => `${locator} is not visible`,
        timeout,
      ),
    toBeHidden: () =>
      poll(
        () => locator.first().isVisible(),
        (v) => !v,
        () => `${locator} is still visible`,
        timeout,
      ),
    toBeEnabled: () =>
      poll(
        () => locator.first().isEnabled({ timeout }),
        (v) => v,
        () => `${locator} is disabled`,
        timeout,
      ),
    toBeDisabled: () =>
      poll(
        () => locator.first().isDisabled({ timeout }),
        (v) => v,
        () => `${locator} is enabled`,
        timeout,
      ),
  };
}

/**
 * Runs `task` while holding a lock shared by every tab of this origin, so two tabs never
 * present the same refresh cookie at once (the server would see a rotated token being
 * reused and revoke the whole family). Without the Web Locks API the task just runs.
 */
export function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return task();
  return locks.request('pixel-wars-refresh', () => task()) as Promise<T>;
}

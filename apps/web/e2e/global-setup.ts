import { ensureBuilt } from './support/build';

/** Builds the PWA and the API when their output is missing or older than their sources. */
export default async function setup(): Promise<void> {
  await ensureBuilt();
}

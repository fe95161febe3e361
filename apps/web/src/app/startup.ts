import { effect, inject } from '@angular/core';
import { ConfigStore } from './api/config.store';
import { AuthStore } from './auth/auth.store';
import { CanvasStore } from './canvas/canvas-store';
import { PlaySession } from './play/play-session';
import { Connectivity } from './shell/connectivity';

/**
 * Runs before the first render: the config is needed for everything (the cached copy
 * does offline). The session restore and the offline canvas copy run in the background.
 */
export async function startApp(): Promise<void> {
  const config = inject(ConfigStore);
  const auth = inject(AuthStore);
  const canvas = inject(CanvasStore);
  const session = inject(PlaySession);
  const connectivity = inject(Connectivity);
  effect(() => {
    if (connectivity.online()) auth.retryIfUnreachable();
  });
  void canvas.restoreFromCache();
  void auth.restore().then(() => session.resumeIfActive());
  await config.load();
}

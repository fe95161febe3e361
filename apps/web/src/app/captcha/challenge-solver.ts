import { Injectable } from '@angular/core';
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { altchaHeader } from './altcha-header';

/**
 * Solves proof-of-work challenges (CAPTCHA=pow) in a Web Worker, without the player doing
 * anything; on the main thread where workers are unavailable.
 */
@Injectable({ providedIn: 'root' })
export class ChallengeSolver {
  /** The `X-Altcha` value for `challenge`; rejects when it has no solution. */
  async solve(challenge: AltchaChallenge): Promise<string> {
    const number = typeof Worker === 'undefined' ? await (await import('./proof-of-work')).solveProofOfWork(challenge) : await this.inWorker(challenge);
    if (number === null) throw new Error('unsolvable challenge'); // i18n-ignore: never shown, the request fails with its own code
    return altchaHeader(challenge, number);
  }

  private inWorker(challenge: AltchaChallenge): Promise<number | null> {
    const worker = new Worker(new URL('./proof-of-work.worker', import.meta.url), { type: 'module' });
    return new Promise<number | null>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<number | null>) => resolve(data);
      worker.onerror = (event) => reject(event);
      worker.postMessage(challenge);
    }).finally(() => worker.terminate());
  }
}

/// <reference lib="webworker" />
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { solveProofOfWork } from './proof-of-work';

/** Solves one challenge off the main thread: the canvas keeps drawing meanwhile. */
addEventListener('message', ({ data }: MessageEvent<AltchaChallenge>) => {
  void solveProofOfWork(data).then((number) => postMessage(number));
});

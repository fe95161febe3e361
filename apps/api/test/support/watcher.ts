import { io, Socket } from 'socket.io-client';
import { applyBatchRecords, base64ToBytes, CatchUp, ChangesRequest, decodeBatchFrame, decodeChangesAnswer, decodeSnapshot } from '@pixel-wars/protocol';

export interface Watcher {
  catchUp: CatchUp;
  socket: Socket;
  /** Resolves once the first snapshot is loaded. */
  ready: Promise<unknown>;
  /** Every `pixels` frame received, as [first version, records]. */
  frames: number;
}

/**
 * A realtime client as the PWA runs it: snapshot, frames, catch-up through /changes, and
 * a comparison with the server after every (re)connect (frames sent while the socket was
 * down produce no gap until the next change arrives). `url` serves HTTP; `socketUrl`
 * (default: the same) serves /play.
 */
export function watch(url: string, token: string, socketUrl = url): Watcher {
  const catchUp = new CatchUp({});
  let inFlight = false;
  const fetchChanges = async (request: ChangesRequest | null): Promise<void> => {
    if (!request || inFlight) return;
    inFlight = true;
    try {
      const query = request.since === null ? '' : `?since=${request.since}`;
      const bytes = new Uint8Array(await (await fetch(`${url}/api/canvas/changes${query}`)).arrayBuffer());
      inFlight = false;
      await fetchChanges(catchUp.applyChanges(decodeChangesAnswer(bytes)));
    } catch {
      inFlight = false;
      setTimeout(() => void fetchChanges(catchUp.changesFailed()), 100);
    }
  };
  const socket = io(`${socketUrl}/play`, { transports: ['websocket'], auth: { token }, reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
  const watcher: Watcher = {
    catchUp,
    socket,
    frames: 0,
    ready: fetch(`${url}/api/canvas`).then(async (r) => catchUp.loadSnapshot(decodeSnapshot(new Uint8Array(await r.arrayBuffer())))),
  };
  socket.on('connect', () => void fetchChanges(catchUp.checkNow()));
  socket.on('pixels', (b64: string) => {
    watcher.frames++;
    const outcome = catchUp.receiveFrame(decodeBatchFrame(base64ToBytes(b64)));
    if (outcome.kind === 'fetch') void fetchChanges(outcome.request);
  });
  return watcher;
}

/** The server's canvas right now, from `/changes` (snapshot + the batch after it). */
export async function serverCanvas(url: string): Promise<{ version: number; pixels: Uint8Array }> {
  const response = await fetch(`${url}/api/canvas/changes`);
  const answer = decodeChangesAnswer(new Uint8Array(await response.arrayBuffer()));
  if (answer.kind !== 'snapshot') throw new Error('expected a snapshot answer');
  const pixels = answer.snapshot.pixels.slice();
  applyBatchRecords(pixels, answer.snapshot.width, answer.batch);
  return { version: Number(response.headers.get('x-canvas-version')), pixels };
}

import { Logger } from '@nestjs/common';
import { unzlibSync } from 'fflate';
import { CanvasState } from './canvas-state';
import { GameRecord, PlacementLogRepository } from './placement-log.repository';

export interface RecoveredCanvas {
  state: CanvasState;
  games: GameRecord[];
  checkpointVersion: number;
  replayed: number;
  lastResetVersion: number;
  lastResetAt: number | null;
}

/** Changes read per query while replaying. */
const REPLAY_PAGE = 20_000;

/**
 * Rebuilds the canvas at start-up: the latest checkpoint (or the first game's blank
 * canvas), then every logged change after it, in version order.
 */
export async function recoverCanvas(
  log: PlacementLogRepository,
  defaults: { width: number; height: number; background: number },
  logger = new Logger('CanvasRecovery'),
): Promise<RecoveredCanvas> {
  await log.ensureFirstGame(defaults, Date.now());
  let games = await log.games();
  let byNumber = new Map<number, GameRecord>(games.map((g) => [g.game, g]));
  const checkpoint = await log.latestCheckpoint();
  let state: CanvasState;
  if (checkpoint) {
    const game = byNumber.get(checkpoint.game);
    const pixels = unzlibSync(checkpoint.zlibPixels, { out: new Uint8Array(checkpoint.width * checkpoint.height) });
    state = new CanvasState(checkpoint.width, checkpoint.height, pixels, checkpoint.version, checkpoint.game, game?.background ?? defaults.background);
  } else {
    const first = games[0];
    state = CanvasState.blank(first.width, first.height, first.background, 0, first.game);
  }

  let replayed = 0;
  for (;;) {
    const page = await log.changesAfter(state.version, REPLAY_PAGE);
    for (const change of page) {
      if (change.version !== state.version + 1) {
        logger.error(`placement log gap: version ${state.version} is followed by ${change.version}`);
      }
      if (change.game !== state.game) {
        if (!byNumber.has(change.game)) {
          games = await log.games(); // started by another instance while this one replays
          byNumber = new Map(games.map((g) => [g.game, g]));
        }
        const game = byNumber.get(change.game);
        if (!game) throw new Error(`placement log names unknown game ${change.game} at version ${change.version}`);
        state.resize(game.width, game.height, game.background);
        state.background = game.background;
        state.game = game.game;
      }
      state.apply(change.x, change.y, change.color);
      state.version = change.version;
      replayed++;
    }
    if (page.length < REPLAY_PAGE) break;
  }
  // The latest game may have no change yet (the first start).
  const latestGame = games[games.length - 1];
  if (latestGame.game !== state.game && latestGame.firstVersion <= state.version) {
    state.resize(latestGame.width, latestGame.height, latestGame.background);
    state.game = latestGame.game;
    state.background = latestGame.background;
  }
  const reset = await log.lastReset();
  logger.log(
    `canvas ${state.width}x${state.height}, game ${state.game}, version ${state.version} (checkpoint ${checkpoint?.version ?? 'none'}, replayed ${replayed})`,
  );
  return {
    state,
    games,
    checkpointVersion: checkpoint?.version ?? 0,
    replayed,
    lastResetVersion: reset?.version ?? 0,
    lastResetAt: reset?.placedAt ?? null,
  };
}

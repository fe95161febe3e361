import { Logger } from '@nestjs/common';
import { unzlibSync } from 'fflate';
import { CanvasState } from './canvas-state';
import { GameRecord, PlacementLogRepository } from './placement-log.repository';

export interface RecoveredCanvas {
  state: CanvasState;
  checkpointVersion: number;
  replayed: number;
  lastResetVersion: number;
  lastResetAt: number | null;
}

/**
 * Rebuilds the canvas at start-up: the latest checkpoint (or the first game's blank
 * canvas), then every logged change after it, in version order.
 */
export function recoverCanvas(
  log: PlacementLogRepository,
  defaults: { width: number; height: number; background: number },
  logger = new Logger('CanvasRecovery'),
): RecoveredCanvas {
  let games = log.games();
  if (games.length === 0) {
    log.startGame({ game: 1, width: defaults.width, height: defaults.height, background: defaults.background, firstVersion: 0, startedAt: Date.now() }, null);
    games = log.games();
  }
  const byNumber = new Map<number, GameRecord>(games.map((g) => [g.game, g]));
  const checkpoint = log.latestCheckpoint();
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
  for (const change of log.changesAfter(state.version)) {
    if (change.version !== state.version + 1) {
      logger.error(`placement log gap: version ${state.version} is followed by ${change.version}`);
    }
    if (change.game !== state.game) {
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
  // The latest game may have been created without any change yet (first start).
  const latestGame = games[games.length - 1];
  if (latestGame.game !== state.game && latestGame.firstVersion <= state.version) {
    state.resize(latestGame.width, latestGame.height, latestGame.background);
    state.game = latestGame.game;
    state.background = latestGame.background;
  }
  const reset = log.lastReset();
  logger.log(`canvas ${state.width}x${state.height}, game ${state.game}, version ${state.version} (checkpoint ${checkpoint?.version ?? 'none'}, replayed ${replayed})`);
  return {
    state,
    checkpointVersion: checkpoint?.version ?? 0,
    replayed,
    lastResetVersion: reset?.version ?? 0,
    lastResetAt: reset?.placedAt ?? null,
  };
}

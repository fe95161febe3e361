import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import { LocalClusterBus } from '../cluster/local-cluster-bus';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import type { Database } from '../storage/database';
import { CanvasService } from './canvas.service';
import { LocalChangeFeed } from './change-feed';
import { PostgresPlacementLogRepository } from './postgres-placement-log.repository';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

const configuration = new ConfigurationService(
  loadAppConfig({ CANVAS_WIDTH: '8', CANVAS_HEIGHT: '4', SNAPSHOT_EVERY: '5', DATA_DIR: '/tmp/unused-canvas-service-spec' }),
);
const background = configuration.config.canvas.backgroundColor;

const error = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as ApiError,
  );

describe.each(STORAGE_BACKENDS)('CanvasService on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  const started: CanvasService[] = [];

  const start = async () => {
    const log = implementationFor(storage.db, {
      sqlite: (db) => new SqlitePlacementLogRepository(db),
      postgres: (db) => new PostgresPlacementLogRepository(db),
    });
    const bus = new LocalClusterBus('test');
    const canvas = new CanvasService(configuration, log, new LocalChangeFeed(), bus);
    await canvas.onModuleInit();
    started.push(canvas);
    return { canvas, bus };
  };

  beforeEach(async () => {
    storage = await backend.open('canvas-service');
  });
  afterEach(async () => {
    for (const canvas of started.splice(0)) await canvas.beforeApplicationShutdown();
    await storage.close();
  });

  it('starts with the configured blank canvas at version 0', async () => {
    const { canvas } = await start();
    expect([canvas.width, canvas.height, canvas.version, canvas.paused]).toEqual([8, 4, 0, false]);
    expect([...canvas.pixels()].every((p) => p === background)).toBe(true);
    expect(canvas.latestSnapshot().version).toBe(0);
  });

  it('commits placements with dense versions and knows who placed each pixel', async () => {
    const { canvas } = await start();
    const [a, b] = await Promise.all([canvas.place(1, 2, 3, 'u1', 'Ann'), canvas.place(7, 3, 4, 'u2', 'Bob')]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    expect(canvas.version).toBe(2);
    expect(canvas.pixels()[2 * 8 + 1]).toBe(3);
    expect(canvas.pixels()[3 * 8 + 7]).toBe(4);
    expect(await canvas.pixelOwner(1, 2)).toMatchObject({ color: 3, user: { id: 'u1', name: 'Ann' } });
    expect(await canvas.pixelOwner(0, 0)).toMatchObject({ color: background, version: 0, user: null });
    expect(canvas.recordsSince(0)?.length).toBe(2 * 5);
    expect(await canvas.placementsSince(Date.now() - 60_000)).toBe(2);
  });

  it('clears to one colour after the before-reset listeners saw the old canvas; the clear owns every pixel', async () => {
    const { canvas } = await start();
    await canvas.place(0, 0, 5, 'u1', 'Ann');
    const seen = vi.fn();
    canvas.onBeforeReset((state, reason) => seen(state.pixels[0], state.version, reason));
    canvas.onBeforeReset(() => {
      throw new Error('a failing listener does not stop the clear');
    });
    const version = await canvas.reset(2, 'admin');
    expect(seen).toHaveBeenCalledWith(5, 1, 'clear');
    expect(version).toBe(2);
    expect([...canvas.pixels()].every((p) => p === 2)).toBe(true);
    expect(await canvas.pixelOwner(0, 0)).toMatchObject({ color: 2, version: 2, user: null });
    expect((await error(canvas.reset(99, 'admin')))?.code).toBe('BAD_REQUEST');
  });

  it('starts a new game with a new size, refusing sizes and colours out of range', async () => {
    const { canvas } = await start();
    await canvas.place(0, 0, 5, 'u1', 'Ann');
    const game = canvas.game;
    expect((await error(canvas.newGame({ width: 0 }, 'admin')))?.code).toBe('BAD_REQUEST');
    expect((await error(canvas.newGame({ color: -1 }, 'admin')))?.code).toBe('BAD_REQUEST');
    const started = await canvas.newGame({ width: 6, height: 2, color: 1 }, 'admin');
    expect(started.game).toBe(game + 1);
    expect([canvas.width, canvas.height, canvas.version]).toEqual([6, 2, started.version]);
    expect([...canvas.pixels()]).toEqual(new Array(12).fill(1));
  });

  it('keeps pause, pixels and version across a restart', async () => {
    const first = await start();
    const told = vi.fn();
    first.bus.on('canvas.paused', told);
    await first.canvas.place(3, 1, 6, 'u1', 'Ann');
    await first.canvas.setPaused(true);
    expect(first.canvas.paused).toBe(true);
    expect(told).toHaveBeenCalledWith({ paused: true }, 'test');
    await first.canvas.beforeApplicationShutdown();
    started.splice(0);

    const { canvas } = await start();
    expect(canvas.paused).toBe(true);
    expect(canvas.version).toBe(1);
    expect(canvas.pixels()[1 * 8 + 3]).toBe(6);
  });
});

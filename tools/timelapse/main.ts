/**
 * `npm run timelapse -- --game <id> --fps 30 --out file.mp4`: renders a game from the
 * placement log (the SQLite file in DATA_DIR, or PostgreSQL when DATABASE_URL is set)
 * with ffmpeg. Only reads, so it can run next to a live server. Configuration comes from
 * the same environment as the server (DATA_DIR, DATABASE_URL, FFMPEG_PATH,
 * CANVAS_PALETTE), or from --data-dir / --ffmpeg.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAppConfig } from '../../apps/api/src/app/config/app-config';
import { ConfigurationService } from '../../apps/api/src/app/config/configuration.service';
import { FfmpegService } from '../../apps/api/src/app/snapshots/ffmpeg/ffmpeg.service';
import { ChangeLogReader } from '../../apps/api/src/app/snapshots/timelapse/change-log';
import { PostgresChangeLogReader } from '../../apps/api/src/app/snapshots/timelapse/postgres-change-log.reader';
import { SqliteChangeLogReader } from '../../apps/api/src/app/snapshots/timelapse/sqlite-change-log.reader';
import { PostgresDatabase } from '../../apps/api/src/app/storage/postgres-database';
import { parseTimelapseArgs, TIMELAPSE_USAGE } from '../../apps/api/src/app/snapshots/timelapse/timelapse-cli-args';
import { TimelapseRenderer } from '../../apps/api/src/app/snapshots/timelapse/timelapse-renderer';

async function openLog(dataDir: string, databaseUrl: string | null): Promise<ChangeLogReader> {
  // no migrations: the server owns the schema, this tool only reads
  if (databaseUrl) return new PostgresChangeLogReader(await PostgresDatabase.open(databaseUrl, [], { connectTimeoutMs: 5000, poolSize: 2 }));
  const file = join(dataDir, 'pixel-wars.db');
  if (!existsSync(file)) throw new Error(`no database at ${file} (set DATA_DIR or --data-dir)`);
  return new SqliteChangeLogReader(new Database(file, { readonly: true, fileMustExist: true }));
}

function size(bytes: number): string {
  return bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function main(): Promise<number> {
  const command = parseTimelapseArgs(process.argv.slice(2), process.env['INIT_CWD'] ?? process.cwd());
  if (command.kind === 'help') {
    console.log(TIMELAPSE_USAGE);
    return 0;
  }
  // only the data directory, ffmpeg path and palette are used: a production shell without
  // the server's secrets must still be able to render
  const config = loadAppConfig({ ...process.env, NODE_ENV: 'development', JWT_SECRET: undefined });
  const dataDir = command.dataDir ?? config.dataDir;
  const log = await openLog(dataDir, config.storage.kind === 'postgres' ? config.storage.url : null);
  if (command.kind === 'list') {
    for (const g of await log.games()) {
      console.log(`game ${g.game}: ${g.width}x${g.height}, ${await log.countChanges(g.game)} changes, started ${new Date(g.startedAt).toISOString()}`);
    }
    return 0;
  }
  const ffmpeg = new FfmpegService(new ConfigurationService({ ...config, ffmpegPath: command.ffmpegPath ?? config.ffmpegPath }));
  if (!(await ffmpeg.available())) throw new Error(`ffmpeg not found at "${ffmpeg.path}": install it (apt-get install ffmpeg) or set FFMPEG_PATH / --ffmpeg`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const started = Date.now();
  const r = await new TimelapseRenderer(log, ffmpeg, config.canvas.palette).render({ ...command.request, signal: controller.signal });
  console.log(
    `${r.out}: game ${r.game} (${r.width}x${r.height}), ${r.changes} changes, ${r.changesPerFrame} per frame, ` +
      `${r.frames} frames at ${r.fps} fps (${r.durationSec.toFixed(1)} s), ${r.videoWidth}x${r.videoHeight}, ` +
      `${size(r.bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`timelapse: ${error.message}`);
    if (/--|required/.test(error.message)) console.error(`\n${TIMELAPSE_USAGE}`);
    process.exit(1);
  },
);

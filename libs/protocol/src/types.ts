import type { Locale } from './locales';

/** JSON bodies of the HTTP API and Socket.IO events (docs/protocol.md 3 and 4). */

/**
 * Every error code a client can meet: HTTP error bodies (`{code, message}`) and `/play`
 * handshake refusals (`connect_error` message). docs/protocol.md lists each one; the PWA
 * has a localised text for each (tests hold both to this list).
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_VERSION',
  'INVALID_PIXEL',
  'INVALID_FEEDBACK',
  'INVALID_LOCALE',
  'INVALID_TEMPLATE',
  'UNAUTHORIZED',
  'INVALID_GOOGLE_TOKEN',
  'INVALID_REFRESH',
  'INVALID_TELEGRAM_DATA',
  'IDENTITY_IN_USE',
  'ALREADY_LINKED',
  'FORBIDDEN',
  'NOT_PLAYING',
  'BANNED',
  'PAUSED',
  'CHALLENGE_REQUIRED',
  'TEMPLATE_LIMIT',
  'NOT_FOUND',
  'UNDO_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'COOLDOWN',
  'GAME_CHANGED',
  'RATE_LIMITED',
  'ORIGIN_NOT_ALLOWED',
  'INTERNAL_ERROR',
  'STORAGE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  /** COOLDOWN: milliseconds until the next placement is allowed. */
  retryAfterMs?: number;
  /** NOT_PLAYING: the caller's presence status. */
  status?: PresenceStatus;
  /** CHALLENGE_REQUIRED: the proof-of-work to solve; retry with its solution in `X-Altcha`. */
  challenge?: AltchaChallenge;
}

/** An ALTCHA proof-of-work challenge: find `number` ≤ `maxnumber` with SHA-256(salt + number) = challenge (hex). */
export interface AltchaChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** The solution, sent base64-encoded (JSON) in the `X-Altcha` request header. */
export interface AltchaPayload {
  algorithm: 'SHA-256';
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

/** The request header that carries a base64 AltchaPayload. */
export const ALTCHA_HEADER = 'X-Altcha';

export interface ConfigResponse {
  width: number;
  height: number;
  palette: string[];
  backgroundColor: number;
  cooldownMs: number;
  /** Charges a player can hold (PIXEL_CHARGES; 1 = the classic cooldown). */
  pixelCharges: number;
  /** How long a placement can be undone (UNDO_WINDOW_MS; 0 = off). */
  undoWindowMs: number;
  afkAfterMs: number;
  guestPollMs: number;
  auth: {
    google: { clientId: string } | null;
    dev: boolean;
    /** Telegram Mini App sign-in (POST /auth/telegram); botUsername is null until the server has learned it. Optional: configs cached by older clients lack it. */
    telegram?: { botUsername: string | null } | null;
  };
  /** `pow`: sign-in (and placements of a player who looks automated) need a proof-of-work solution. */
  captcha: 'off' | 'pow';
}

export interface PlacePixelRequest {
  x: number;
  y: number;
  color: number;
}

export interface PlacePixelResponse {
  version: number;
  /** When the next charge arrives (the placement time when the player is still full). */
  cooldownUntil: number;
  /** Charges left after this placement (docs/protocol.md 9). */
  charges: number;
}

/** `POST /api/canvas/pixels/undo` answer: the version of the restoring change and the charges now held. */
export interface UndoResponse {
  version: number;
  charges: number;
}

export type LeaderboardPeriod = 'hour' | 'day' | 'game';
export const LEADERBOARD_PERIODS: readonly LeaderboardPeriod[] = ['hour', 'day', 'game'];

/** One line of `GET /api/leaderboard`. */
export interface LeaderboardEntry {
  rank: number;
  user: { id: string; name: string };
  pixels: number;
}

/** `GET /api/leaderboard/me`: the signed-in player's own line (rank null without pixels). */
export interface LeaderboardMe {
  rank: number | null;
  pixels: number;
}

export type HeatmapWindow = 'hour' | 'day';
export const HEATMAP_WINDOWS: readonly HeatmapWindow[] = ['hour', 'day'];

export interface PixelInfo {
  x: number;
  y: number;
  color: number;
  /** Version of the change that made the pixel what it is now (0: never painted). */
  version: number;
  /** Epoch ms of that change, or null for a never-painted pixel. */
  placedAt: number | null;
  user: { id: string; name: string } | null;
}

export type Role = 'player' | 'admin';

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  avatarUrl?: string | null;
  /** The language the player chose for the interface (null: never chosen). */
  locale?: Locale | null;
  /** Sign-in identities on this account (account linking, docs/protocol.md 10). */
  linked?: { google: boolean; telegram: boolean };
}

/** `POST /me/link/telegram` body: the raw `Telegram.WebApp.initData`. */
export interface LinkTelegramRequest {
  initData: string;
}

/** `POST /me/link/google` body: a Google ID token, as for `/auth/google`. */
export interface LinkGoogleRequest {
  credential: string;
}

/** Answer of both link endpoints: the account with its identities. */
export interface LinkResponse {
  user: PublicUser;
}

export interface AuthResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: PublicUser;
}

/** Presence states a client can see. `afk` also covers "not tracked". */
export type PresenceStatus = 'afk' | 'queued' | 'playing' | 'stalled' | 'superseded';

export interface PresenceView {
  status: PresenceStatus;
  position?: number;
  queueLength?: number;
  afkAt?: number;
  /** Playing: no placement before this (set only while no charge is left). */
  cooldownUntil?: number;
  /** Playing: charges held now (docs/protocol.md 9). */
  charges?: number;
  /** Playing: when the next charge comes back (absent when full). */
  nextChargeAt?: number;
}

export interface MeResponse {
  user: PublicUser;
  presence: PresenceView;
}

/** `PUT /api/me/locale` body. */
export interface SetLocaleRequest {
  locale: Locale;
}

export interface FeedbackRequest {
  message: string;
  contact?: string;
}

export interface FeedbackResponse {
  id: string;
}

export interface HistoryEntry {
  id: string;
  game: number;
  version: number;
  takenAt: number;
  url: string;
}

/** `status` event payload. */
export type StatusEvent = PresenceView;

/** `notice` event payload. */
export interface NoticeEvent {
  /** English text (an admin's announcement is shown as written). */
  message: string;
  /** Set on notices the server itself sends, so clients can word them in the player's language. */
  code?: NoticeCode;
}

/** `banned`: the player was banned; `sessions-ended`: an admin signed the player out everywhere. */
export type NoticeCode = 'BANNED' | 'SESSIONS_ENDED';

/** Server → client events of the `/play` namespace. */
export interface ServerToClientEvents {
  /** One batch frame (docs/protocol.md 2.1) as standard padded base64. */
  pixels: (frameBase64: string) => void;
  status: (status: StatusEvent) => void;
  notice: (notice: NoticeEvent) => void;
}

/** The channel is server → client only: no client events exist. */
export type ClientToServerEvents = Record<string, never>;

export const PLAY_NAMESPACE = '/play';
export const SOCKET_PATH = '/socket.io';

/** GET /api/health (docs/protocol.md 7): HTTP 503 with status "degraded" while PostgreSQL or Redis is unreachable. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  /** INSTANCE_ID of the instance that answered. */
  instance: string;
  storage: 'sqlite' | 'postgres';
  /** Whether Redis is configured and reachable. */
  redis: boolean;
}

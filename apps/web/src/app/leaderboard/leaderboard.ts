import { LeaderboardEntry, LeaderboardMe, LeaderboardPeriod } from '@pixel-wars/protocol';

export const PERIODS: readonly LeaderboardPeriod[] = ['hour', 'day', 'game'];
/** Rows the page asks for (docs/protocol.md 9 allows 1..100). */
export const BOARD_LIMIT = 50;

export interface BoardRow extends LeaderboardEntry {
  /** The signed-in player's own row. */
  mine: boolean;
}

export interface Board {
  rows: BoardRow[];
  /** The player's standing when it is not among the rows shown (null: shown, or unknown). */
  own: LeaderboardMe | null;
}

/** The table as shown: the player's row marked, or their standing below when it is off the list. */
export function toBoard(entries: readonly LeaderboardEntry[], me: LeaderboardMe | null, myId: string | null): Board {
  const rows = entries.map((entry) => ({ ...entry, mine: myId !== null && entry.user.id === myId }));
  const listed = rows.some((row) => row.mine);
  return { rows, own: me && !listed ? me : null };
}

/** `?period=` of the page URL, or the default (docs/protocol.md 9: game). */
export function parsePeriod(value: string | null | undefined): LeaderboardPeriod {
  return PERIODS.includes(value as LeaderboardPeriod) ? (value as LeaderboardPeriod) : 'game';
}

function isEntry(value: unknown): value is LeaderboardEntry {
  const e = value as LeaderboardEntry;
  return typeof e === 'object' && e !== null && typeof e.rank === 'number' && typeof e.pixels === 'number' && typeof e.user?.name === 'string';
}

/** Keeps only well-formed rows of an answer (a proxy's HTML page becomes an empty list). */
export function readEntries(value: unknown): LeaderboardEntry[] {
  return Array.isArray(value) ? value.filter(isEntry) : [];
}

export function readMe(value: unknown): LeaderboardMe | null {
  const me = value as LeaderboardMe;
  if (typeof me !== 'object' || me === null || typeof me.pixels !== 'number') return null;
  return { rank: typeof me.rank === 'number' ? me.rank : null, pixels: me.pixels };
}

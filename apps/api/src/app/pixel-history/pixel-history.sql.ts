/**
 * The rollback question in SQL both engines run (parameters by name; the implementations
 * bind them). `mine`: the user's placements in the window per pixel (user index);
 * `latest`: each such pixel's newest change (pixel index); kept when that change is the
 * user's; `before_color`: the change just before the user's first one in the window.
 */
export const ROLLBACK_SQL = `
  WITH mine AS (
    SELECT y, x, MIN(version) AS first_version
    FROM canvas_changes
    WHERE user_id = :user AND version > :after AND version <= :upTo AND placed_at >= :since
      AND x BETWEEN :x0 AND :x1 AND y BETWEEN :y0 AND :y1
    GROUP BY y, x
  ),
  latest AS (
    SELECT m.x, m.y, m.first_version,
      (SELECT MAX(l.version) FROM canvas_changes l WHERE l.y = m.y AND l.x = m.x AND l.version <= :upTo) AS last_version
    FROM mine m
  )
  SELECT t.x, t.y, t.last_version AS version,
    (SELECT p.color FROM canvas_changes p
      WHERE p.y = t.y AND p.x = t.x AND p.version > :after AND p.version < t.first_version
      ORDER BY p.version DESC LIMIT 1) AS before_color
  FROM latest t JOIN canvas_changes c ON c.version = t.last_version
  WHERE c.user_id = :user AND c.placed_at >= :since
  ORDER BY t.y, t.x`;

export const TOP_PLACERS_SQL = `
  SELECT user_id, MAX(user_name) AS user_name, COUNT(*) AS pixels, MAX(version) AS last_version
  FROM canvas_changes
  WHERE version > :after AND user_id IS NOT NULL AND x <> :resetX
  GROUP BY user_id
  ORDER BY pixels DESC, last_version ASC
  LIMIT :limit`;

export interface RollbackRow {
  x: number;
  y: number;
  version: number;
  before_color: number | null;
}

export interface PlacerRow {
  user_id: string;
  user_name: string | null;
  pixels: number;
  last_version: number;
}

export interface ChangeRow {
  x: number;
  y: number;
  version: number;
  color: number;
  user_id: string | null;
  user_name: string | null;
  placed_at: number;
}

/** Rewrites `:name` parameters to PostgreSQL's `$n` (the same name, the same number). */
export function toPositional(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/:([a-zA-Z]\w*)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name}`);
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, values: names.map((n) => params[n]) };
}

export const toPixelChange = (row: ChangeRow) => ({
  x: row.x,
  y: row.y,
  version: row.version,
  color: row.color,
  userId: row.user_id,
  userName: row.user_name,
  placedAt: row.placed_at,
});

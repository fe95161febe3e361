/**
 * Placements per user of one game ($1) from $2 on, pixels only ($3 = RESET_X): undo
 * changes (undoes set) and the placements they undid (found through the partial index on
 * undoes) are not counted. `from` is the column $2 bounds: `placed_at` (PostgreSQL, which
 * indexes it) or `version` (SQLite, where the first version of a time is binary-searched
 * over the primary key). The name is the one of the user's last counted placement.
 * Highest first, ties by the earlier last placement.
 */
export const talliesSql = (from: 'placed_at' | 'version'): string => `
  WITH t AS (
    SELECT c.user_id, COUNT(*) AS pixels, MAX(c.version) AS last
    FROM canvas_changes c
    WHERE c.game = $1 AND c.${from} >= $2 AND c.x <> $3 AND c.user_id IS NOT NULL AND c.undoes IS NULL
      AND NOT EXISTS (SELECT 1 FROM canvas_changes u WHERE u.undoes = c.version)
    GROUP BY c.user_id
  )
  SELECT t.user_id, l.user_name, t.pixels, t.last
  FROM t JOIN canvas_changes l ON l.version = t.last
  ORDER BY t.pixels DESC, t.last ASC`;

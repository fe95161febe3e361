/** One schema step. Ids are unique across features ("canvas-001", "auth-001", ...). */
export interface Migration {
  id: string;
  sql: string;
}

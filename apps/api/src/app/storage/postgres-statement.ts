import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/**
 * A named, parameterised statement: pg prepares it once per pooled connection and then
 * only sends the parameters. Names are global per connection: prefix them with the table.
 */
export class PgStatement<R extends QueryResultRow = QueryResultRow> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  run(on: Pool | PoolClient, values: unknown[] = []): Promise<QueryResult<R>> {
    return on.query<R>({ name: this.name, text: this.text, values });
  }
}

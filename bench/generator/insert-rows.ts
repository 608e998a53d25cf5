import { Pool } from 'pg';

/** Multi-row INSERTs in batches that stay under Postgres' 65,535 bind parameters. */
export async function insertRows(
  pool: Pool,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const perBatch = Math.max(1, Math.floor(60000 / columns.length));
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(',')})`;
    });
    await pool.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

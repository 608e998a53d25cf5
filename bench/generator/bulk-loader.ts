import { Client, Pool, PoolClient } from 'pg';

interface IndexDefinition {
  name: string;
  table: string;
  definition: string;
  gin: boolean;
}

/**
 * Loads large tables fast: a small pool whose sessions skip foreign-key triggers (the generator
 * writes consistent data and checks every foreign key afterwards), commit asynchronously and
 * build indexes with plenty of memory; secondary indexes are dropped during the load and
 * rebuilt in parallel afterwards.
 */
export class BulkLoader {
  private constructor(
    readonly pool: Pool,
    readonly concurrency: number,
  ) {}

  /**
   * Session settings travel as startup options, so every pooled connection has them before its
   * first query. Skipping foreign-key triggers (session_replication_role) needs a superuser;
   * other roles load with the checks on, which is slower but just as correct.
   */
  static async open(url: string, concurrency: number): Promise<BulkLoader> {
    const probe = new Client({ connectionString: url });
    await probe.connect();
    const superuser = await probe
      .query<{ super: boolean }>(`SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user`)
      .finally(() => probe.end());
    const settings = [
      'synchronous_commit=off',
      'maintenance_work_mem=1GB',
      'work_mem=128MB',
      'max_parallel_maintenance_workers=0',
      'statement_timeout=0',
      ...(superuser.rows[0]?.super ? ['session_replication_role=replica'] : []),
    ];
    const pool = new Pool({
      connectionString: url,
      max: concurrency,
      application_name: 'leerlus-bench',
      options: settings.map((setting) => `-c ${setting}`).join(' '),
    });
    return new BulkLoader(pool, concurrency);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as T[];
  }

  /** Runs work on chunks [lo, hi] of 1..total, `concurrency` chunks at a time, in chunk order. */
  async chunks(
    total: number,
    chunkSize: number,
    work: (client: PoolClient, lo: number, hi: number, chunk: number) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    const count = Math.ceil(total / chunkSize);
    const worker = async (): Promise<void> => {
      while (next < count) {
        const chunk = next++;
        const client = await this.pool.connect();
        try {
          await work(client, chunk * chunkSize + 1, Math.min(total, (chunk + 1) * chunkSize), chunk);
        } finally {
          client.release();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, count) }, worker));
  }

  /**
   * Drops the secondary indexes of these tables (not those behind a primary key or constraint),
   * runs the load, then rebuilds them from their own definitions — so indexes other migrations
   * add later are kept too.
   */
  async withoutSecondaryIndexes(tables: string[], load: () => Promise<void>): Promise<number> {
    const indexes = await this.query<IndexDefinition>(
      `SELECT ic.relname AS name, tc.relname AS "table", pg_get_indexdef(i.indexrelid) AS definition,
              am.amname IN ('gin', 'rum') AS gin
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_class tc ON tc.oid = i.indrelid
         JOIN pg_am am ON am.oid = ic.relam
         JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'public' AND tc.relname = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [tables],
    );
    for (const index of indexes) await this.query(`DROP INDEX "${index.name}"`);
    await load();
    const started = Date.now();
    // Slowest first (GIN and RUM indexes on text), so the two connections finish together.
    const queue = [...indexes].sort((a, b) => Number(b.gin) - Number(a.gin));
    const worker = async (): Promise<void> => {
      for (let index = queue.shift(); index; index = queue.shift()) await this.query(index.definition);
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    return (Date.now() - started) / 1000;
  }

  /** Every foreign key holds: the load skipped the triggers that normally check them. */
  async verifyForeignKeys(): Promise<void> {
    const keys = await this.query<{
      name: string;
      child: string;
      parent: string;
      cols: string[];
      refs: string[];
    }>(
      `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
              ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY o)::text[] AS cols,
              ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY o)::text[] AS refs
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    const problems: string[] = [];
    await Promise.all(
      keys.map(async (key) => {
        const join = key.cols.map((col, i) => `p."${key.refs[i]}" = c."${col}"`).join(' AND ');
        const present = key.cols.map((col) => `c."${col}" IS NOT NULL`).join(' AND ');
        const [row] = await this.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${key.child} c
            WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE ${join})`,
        );
        if (Number(row.n) > 0)
          problems.push(`${key.name}: ${row.n} rows in ${key.child} without ${key.parent}`);
      }),
    );
    if (problems.length) throw new Error(`Generated data breaks foreign keys:\n  ${problems.join('\n  ')}`);
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}

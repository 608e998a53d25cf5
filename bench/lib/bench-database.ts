import { Client } from 'pg';

/** What a finished generation writes on its database, so a later run can reuse it. */
export interface BenchMarker {
  generator: number;
  seed: string;
  incidents: number;
  anchor: string;
  generatedAt: string;
  seconds: number;
  counts: Record<string, number>;
}

/** Bump when the generated data changes shape, so older bench databases are not reused. */
export const GENERATOR_VERSION = 3;

/** The server of DATABASE_URL (or the local default) with another database name. */
export function benchDatabaseUrl(name: string, base = process.env.DATABASE_URL): string {
  const url = new URL(base ?? 'postgres://postgres@127.0.0.1:5432/leerlus');
  url.pathname = `/${name}`;
  return url.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unusual database name "${name}"`);
  return name;
}

async function onMaintenance<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await onMaintenance(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseExists(url: string): Promise<boolean> {
  const name = databaseName(url);
  const result = await onMaintenance(url, (client) =>
    client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  return (result.rowCount ?? 0) > 0;
}

/** The marker is the database's comment: it lives and dies with the data. */
export async function readMarker(url: string): Promise<BenchMarker | null> {
  const name = databaseName(url);
  const result = await onMaintenance(url, (client) =>
    client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    ),
  );
  const comment = result.rows[0]?.comment;
  if (!comment) return null;
  try {
    const marker = JSON.parse(comment) as BenchMarker;
    return typeof marker.generator === 'number' ? marker : null;
  } catch {
    return null;
  }
}

export async function writeMarker(url: string, marker: BenchMarker): Promise<void> {
  const name = databaseName(url);
  const text = JSON.stringify(marker).replace(/'/g, "''");
  await onMaintenance(url, (client) => client.query(`COMMENT ON DATABASE "${name}" IS '${text}'`));
}

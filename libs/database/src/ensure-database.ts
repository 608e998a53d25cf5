import { Client } from 'pg';

/**
 * Creates the database named in the URL when it does not exist yet. Its own connection is tried
 * first: only a missing database makes it connect to `postgres`, which a hardened cluster may not
 * let the role reach (every start failed there, the database being there or not).
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  if (await databaseExists(url)) return false;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new Error(`Refusing to create database with unusual name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Another process created it between our check and our create: 42P04 when its create had
    // committed, a unique violation on pg_database's name when both were creating at once.
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '42P04' || (code === '23505' && constraint === 'pg_database_datname_index')) return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Whether the URL's database answers; false only for "does not exist" (3D000), the rest throws. */
async function databaseExists(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

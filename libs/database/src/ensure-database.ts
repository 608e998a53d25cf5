import { Client } from 'pg';

/** Creates the database named in the URL when it does not exist yet (connects to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
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

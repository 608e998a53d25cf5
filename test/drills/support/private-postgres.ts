import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { runMigrations } from '../../../libs/database/src/run-migrations';
import { TestDatabase } from '../../support/test-database';
import { freePort } from './free-port';

export interface PrivatePostgres {
  /** URL of the server's `postgres` maintenance database; change the path for another one. */
  url: string;
  databaseUrl(name: string): string;
  /**
   * Creates and migrates a database on this server. Its `query` borrows from a small pool, so it
   * works again once the server is back after a restart; `drop` only closes that pool.
   */
  migratedDatabase(name: string): Promise<TestDatabase>;
  /**
   * Stops the server: `fast` (SIGINT) rolls back open transactions and closes every connection,
   * as a restart does; `immediate` (SIGQUIT) drops everything at once, as a crash does.
   */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it accepts queries. */
  start(): Promise<void>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries (Debian layout), or whatever is on the PATH. */
function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return name;
  const versions = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && existsSync(join(root, entry, 'bin', name)))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin', name) : name;
}

/** Postgres refuses to run as root; as root, run it as the `postgres` system user. */
function runAs(): Pick<SpawnOptions, 'uid' | 'gid'> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL cluster of its own (initdb into a temporary directory, a postgres child process on
 * a free port, trust authentication), so a test can stop and restart the database without
 * touching the shared server other test files use. It survives a crash of its own processes
 * (commits are synchronous) but not of the machine (no fsync): it is thrown away afterwards.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'leerlus-pg-'));
  const data = join(dir, 'data');
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  execFileSync(
    binary('initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    { ...owner, stdio: 'ignore', timeout: 60_000 },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const running = () => child && child.exitCode === null && child.signalCode === null;

  const start = async () => {
    if (running()) return;
    const server = spawn(
      binary('postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=50',
      ],
      { ...owner, stdio: 'ignore' },
    );
    server.once('error', () => undefined);
    child = server;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const probe = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.query('SELECT 1');
        return;
      } catch {
        if (Date.now() > deadline || server.exitCode !== null)
          throw new Error(`postgres did not start on port ${port} (data directory ${data})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    const server = child;
    if (!server || !running()) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  };

  try {
    await start();
  } catch (error) {
    await stop('immediate');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const withDatabase = (name: string) => {
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  };
  return {
    url,
    databaseUrl: withDatabase,
    migratedDatabase: async (name) => {
      const databaseUrl = withDatabase(name);
      await runMigrations(databaseUrl);
      const pool = new Pool({ connectionString: databaseUrl, max: 2 });
      // Idle connections die with the server on purpose; that must not crash the test process.
      pool.on('error', () => undefined);
      return {
        name,
        url: databaseUrl,
        query: async (sql, params = []) => (await pool.query(sql, params)).rows,
        drop: () => pool.end(),
      };
    },
    stop,
    start,
    destroy: async () => {
      await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

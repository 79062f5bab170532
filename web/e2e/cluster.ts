// Several WOXLY nodes for a test (cluster mode): the server binary on a PostgreSQL database of the
// test's own (WOXLY_TEST_POSTGRES names the server; created and dropped with psql) and a Redis of its
// own (Debian's redis-server on a free port), sharing one data directory (secrets and files).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WoxlyServer, freePort } from './server';

const postgres = process.env.WOXLY_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function psql(sql: string) {
  execFileSync('psql', [postgres, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: 'pipe' });
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (reply) => {
      socket.destroy();
      done(reply.toString().startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

export class WoxlyCluster {
  private constructor(
    readonly nodes: WoxlyServer[],
    private readonly redis: ChildProcess,
    private readonly database: string,
    private readonly dataDir: string,
  ) {}

  static async start(count: number): Promise<WoxlyCluster> {
    const database = `woxly_e2e_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    psql(`CREATE DATABASE ${database}`);
    const redisPort = await freePort();
    const redis = spawn('redis-server', ['--port', `${redisPort}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 15_000;
    while (!(await answersPing(redisPort))) {
      if (redis.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start (Debian: redis-server)');
      await new Promise((wait) => setTimeout(wait, 100));
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'woxly-e2e-cluster-'));
    const databaseUrl = `${postgres.replace(/\/[^/]*$/, '')}/${database}`;
    const nodes: WoxlyServer[] = [];
    for (let i = 0; i < count; i++) {
      nodes.push(await WoxlyServer.start(['--database-url', databaseUrl, '--redis-url', `redis://127.0.0.1:${redisPort}`], null, dataDir));
    }
    return new WoxlyCluster(nodes, redis, database, dataDir);
  }

  /** Node `i`'s address. */
  url(i: number): string {
    const node = this.nodes[i];
    if (!node) throw new Error(`no node ${i}`);
    return node.url;
  }

  async dispose() {
    await Promise.all(this.nodes.map((node) => node.stop()));
    this.redis.kill('SIGKILL');
    psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

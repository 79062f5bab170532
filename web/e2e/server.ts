// The real WOXLY server for a test: its own port on 127.0.0.1 and its own temporary data directory
// (SQLite), stopped with SIGTERM and restartable on the same port and data.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
export const serverBinary = process.env.WOXLY_BIN ?? join(root, 'target', 'debug', 'woxly');
export const webDir = join(root, 'web', 'dist');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A UDP port free now, for the built-in TURN server (kept across restarts, like the HTTP port). */
async function freeUdpPort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createSocket('udp4');
    probe.once('error', fail);
    probe.bind(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

export class WoxlyServer {
  private process: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly port: number,
    readonly turnPort: number,
    readonly dataDir: string,
    private readonly extraArgs: string[],
  ) {}

  /** `extraArgs`: more flags, e.g. `['--call-ring-seconds', '3']`. */
  static async start(extraArgs: string[] = []): Promise<WoxlyServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'woxly-e2e-'));
    const server = new WoxlyServer(await freePort(), await freeUdpPort(), dataDir, extraArgs);
    await server.launch();
    return server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private async launch() {
    const child = spawn(
      serverBinary,
      [
        ...['--listen', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir, '--web-dir', webDir],
        // Browsers and the relay all live on loopback here, which a real deployment refuses.
        ...['--turn-listen', `127.0.0.1:${this.turnPort}`, '--turn-allow-private-peers'],
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WOXLY_LOG: 'warn' } },
    );
    child.stdout?.on('data', (chunk) => (this.log += chunk));
    child.stderr?.on('data', (chunk) => (this.log += chunk));
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${this.log}`);
      const healthy = await fetch(`${this.url}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((wait) => setTimeout(wait, 100));
    }
    throw new Error(`the server did not become healthy:\n${this.log}`);
  }

  /** SIGTERM, and wait until it has exited. */
  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }

  async restart() {
    await this.stop();
    await this.launch();
  }

  async dispose() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// The real WOXLY server for a test: its own port on 127.0.0.1 and its own temporary data directory
// (SQLite), stopped with SIGTERM and restartable on the same port and data — or, for the network
// tests, inside a network namespace on a "public" address of it (see network/namespaces.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
export const serverBinary = process.env.WOXLY_BIN ?? join(root, 'target', 'debug', 'woxly');
export const webDir = join(root, 'web', 'dist');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A port free now for UDP and TCP both, for the built-in TURN server (which listens on both; kept
 * across restarts, like the HTTP port). */
async function freeTurnPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done, fail) => {
      const probe = createSocket('udp4');
      probe.once('error', fail);
      probe.bind(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => done(port));
      });
    });
    const tcpFree = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (tcpFree) return port;
  }
}

/** Where a server runs when not on loopback: inside `netns`, on its address `host`. */
export interface Placement {
  netns: string;
  host: string;
}

export class WoxlyServer {
  private process: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly port: number,
    readonly turnPort: number,
    readonly dataDir: string,
    private readonly extraArgs: string[],
    private readonly placement: Placement | null,
  ) {}

  /** `extraArgs`: more flags, e.g. `['--call-ring-seconds', '3']`; `dataDir`: one to share (the nodes of
   * a cluster share their secrets and files), else a new one. */
  static async start(extraArgs: string[] = [], placement: Placement | null = null, dataDir?: string): Promise<WoxlyServer> {
    dataDir ??= mkdtempSync(join(tmpdir(), 'woxly-e2e-'));
    // A namespace of its own has every port free: the standard ones, as a real server would use.
    const [port, turnPort] = placement ? [7878, 3478] : [await freePort(), await freeTurnPort()];
    const server = new WoxlyServer(port, turnPort, dataDir, extraArgs, placement);
    await server.launch();
    return server;
  }

  get host() {
    return this.placement?.host ?? '127.0.0.1';
  }

  /** Served over HTTPS with a self-signed certificate (SAFE-1). */
  get https() {
    return this.extraArgs.includes('--tls-self-signed');
  }

  get url() {
    return `${this.https ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  private async launch() {
    const args = [
      ...['--listen', `${this.host}:${this.port}`, '--data-dir', this.dataDir, '--web-dir', webDir],
      '--turn-listen',
      `${this.host}:${this.turnPort}`,
      // On loopback, browsers and the relay share addresses a real deployment refuses to relay to. In
      // namespaces the "internet" is 198.18.0.0/15, the range set aside for network tests, which a real
      // deployment refuses too: only it is let through, so the homes' private addresses stay refused.
      ...(this.placement ? ['--turn-allow-peers', '198.18.0.0/15'] : ['--turn-allow-private-peers']),
      ...this.extraArgs,
    ];
    const [command, commandArgs] = this.placement
      ? ['ip', ['netns', 'exec', this.placement.netns, serverBinary, ...args]]
      : [serverBinary, args];
    this.log = '';
    const child = spawn(command, commandArgs, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // In a namespace the test cannot reach the server to ask its health (nor trust a self-signed
      // certificate): it waits for the start line.
      env: { ...process.env, WOXLY_LOG: this.placement ? 'info' : 'warn' },
    });
    child.stdout?.on('data', (chunk) => (this.log += chunk));
    child.stderr?.on('data', (chunk) => (this.log += chunk));
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${this.log}`);
      const healthy = this.placement || this.https
        ? this.log.includes('WOXLY is listening on')
        : await fetch(`${this.url}/api/health`).then(
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

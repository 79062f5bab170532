// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { SocketManager, type ConnectionState } from './socket';

// The test server's own vocabulary, typed the way events.ts types WOXLY's.
type Answer<A = object> = (answer: { ok: true } & A) => void;
type TestServerEvents = { pushed: (event: { n: number }) => void };
type TestClientEvents = {
  echo: (payload: object, ack: Answer<{ payload: object }>) => void;
  silent: (payload: object, ack: Answer) => void;
  'kick-me': (payload: object, ack: Answer) => void;
  'push-me': (payload: object, ack: Answer) => void;
};
const manage = (options: ConstructorParameters<typeof SocketManager>[0]) =>
  new SocketManager<TestServerEvents, TestClientEvents>(options);

// A real Socket.IO server that authenticates like WOXLY's: the token in the handshake.
let http: ReturnType<typeof createServer>;
let io: Server;
let url: string;

beforeAll(async () => {
  http = createServer();
  io = new Server(http);
  io.use((socket, next) => (socket.handshake.auth.token === 'good' ? next() : next(new Error('unauthorized'))));
  io.on('connection', (socket) => {
    socket.on('echo', (payload, ack) => ack({ ok: true, payload }));
    socket.on('silent', () => {});
    socket.on('kick-me', (_payload, ack) => {
      ack({ ok: true });
      setTimeout(() => socket.disconnect(true), 10);
    });
    socket.on('push-me', (_payload, ack) => {
      socket.emit('pushed', { n: 1 });
      ack({ ok: true });
    });
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => io.close(() => done())));

const until = (check: () => boolean) =>
  vi.waitFor(() => {
    if (!check()) throw new Error('not yet');
  }, { timeout: 5000, interval: 20 });

describe('the socket manager', () => {
  it('connects with the token and resolves acknowledgements', async () => {
    const manager = manage({ url });
    const states: ConnectionState[] = [];
    manager.onState((state) => states.push(state));
    manager.connect('good');
    await until(() => manager.state === 'connected');
    await expect(manager.emit('echo', { a: 1 })).resolves.toEqual({ ok: true, payload: { a: 1 } });
    manager.disconnect();
    expect(states).toEqual(['connecting', 'connected', 'offline']);
  });

  it('answers with an error ack when not connected or when the server stays silent', async () => {
    const manager = manage({ url, ackTimeoutMs: 200 });
    await expect(manager.emit('echo', {})).resolves.toMatchObject({ ok: false, code: 'not_connected' });
    manager.connect('good');
    await until(() => manager.state === 'connected');
    await expect(manager.emit('silent', {})).resolves.toMatchObject({ ok: false, code: 'timeout' });
    manager.disconnect();
  });

  it('lets an event sent while the first connection opens wait for it', async () => {
    const manager = manage({ url });
    manager.connect('good');
    expect(manager.state).toBe('connecting');
    await expect(manager.emit('echo', { a: 1 })).resolves.toEqual({ ok: true, payload: { a: 1 } });
    manager.disconnect();
  });

  it('ends the session on an unauthorized handshake', async () => {
    const manager = manage({ url });
    const unauthorized = vi.fn();
    manager.onUnauthorized = unauthorized;
    manager.connect('forged');
    await until(() => unauthorized.mock.calls.length === 1);
    manager.disconnect();
  });

  it('comes back after the server drops it, keeps its listeners and tells who resyncs', async () => {
    const manager = manage({ url, reconnectionDelayMax: 200 });
    const pushed = vi.fn();
    const resynced = vi.fn();
    manager.on('pushed', pushed);
    manager.onResync(resynced);
    manager.connect('good');
    await until(() => manager.state === 'connected');
    // The first connection resyncs too: what the page read before it may have missed events.
    expect(resynced).toHaveBeenCalledTimes(1);

    await manager.emit('kick-me', {});
    await until(() => resynced.mock.calls.length === 2 && manager.state === 'connected');
    await manager.emit('push-me', {});
    await until(() => pushed.mock.calls.length === 1);
    expect(pushed).toHaveBeenCalledWith({ n: 1 });
    manager.disconnect();
  });

  it('stops delivering an event once unsubscribed', async () => {
    const manager = manage({ url });
    const pushed = vi.fn();
    const stop = manager.on('pushed', pushed);
    manager.connect('good');
    await until(() => manager.state === 'connected');
    stop();
    await manager.emit('push-me', {});
    await manager.emit('echo', {}); // a round trip after the push
    expect(pushed).not.toHaveBeenCalled();
    manager.disconnect();
  });

  it('gives up after the configured attempts when the server is gone', async () => {
    const lonely = createServer();
    const gone = new Server(lonely);
    await new Promise<void>((done) => lonely.listen(0, '127.0.0.1', done));
    const manager = manage({
      url: `http://127.0.0.1:${(lonely.address() as AddressInfo).port}`,
      reconnectionAttempts: 2,
      reconnectionDelayMax: 50,
    });
    manager.connect('good');
    await until(() => manager.state === 'connected');
    await new Promise<void>((done) => gone.close(() => done()));
    await until(() => manager.state === 'failed');
    manager.disconnect();
  });
});

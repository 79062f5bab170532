// The one Socket.IO connection of a signed-in tab: token auth in the handshake, acknowledgements as
// promises, and the connection's life (SYNC-2) as a small state other parts can watch. Typed by the
// event maps of `events.ts`: an event's name fixes its payload and its acknowledgement.

import { io, type Socket } from 'socket.io-client';
import { ApiError } from './api-client';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import type { Ack } from './types';

export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface SocketOptions {
  /** The server's origin; the page's own by default. */
  url?: string;
  /** How many reconnection attempts before giving up ("reload the page"). */
  reconnectionAttempts?: number;
  reconnectionDelayMax?: number;
  ackTimeoutMs?: number;
}

type Listener<T> = (value: T) => void;
/** What an event map looks like: names to handler signatures. */
type EventMap = { [event: string]: (...args: never[]) => void };
type Handler = (payload: unknown) => void;
/** The payload of a server event, and the payload and acknowledgement of a client event. */
type Payload<M extends EventMap, E extends keyof M> = Parameters<M[E]>[0];
type Answer<M extends EventMap, E extends keyof M> = Parameters<Parameters<M[E]>[1]>[0];

export class SocketManager<
  Listen extends EventMap = ServerToClientEvents,
  Emit extends EventMap = ClientToServerEvents,
> {
  private socket: Socket | null = null;
  private handlers = new Map<keyof Listen, Set<Handler>>();
  private stateListeners = new Set<Listener<ConnectionState>>();
  private resyncListeners = new Set<() => void>();
  private everConnected = false;
  state: ConnectionState = 'offline';

  /** What a refused token does (set by the session): the session is over. */
  onUnauthorized: () => void = () => {};

  constructor(private readonly options: SocketOptions = {}) {}

  /** Opens the connection with this session's token (closing any previous one). */
  connect(token: string) {
    this.disconnect();
    const socket = io(this.options.url ?? window.location.origin, {
      auth: { token },
      // WebSocket first: one connection pinned to one node, so several nodes behind a proxy need no
      // sticky sessions. Polling only if WebSocket cannot connect at all (it needs sticky sessions
      // across nodes: README, "Running several nodes").
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionAttempts: this.options.reconnectionAttempts ?? 20,
      reconnectionDelayMax: this.options.reconnectionDelayMax ?? 5000,
    });
    this.socket = socket;
    this.everConnected = false;
    this.setState('connecting');

    for (const [event, set] of this.handlers) {
      for (const handler of set) socket.on(event as string, handler);
    }
    socket.on('connect', () => {
      this.everConnected = true;
      this.setState('connected');
      for (const listener of this.resyncListeners) listener();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.setState('reconnecting');
      // The server closed us on purpose (a restart, or a revoked session): socket.io does not retry
      // those by itself. Trying again either comes back or ends with `unauthorized` below.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (!socket.active && error.message === 'unauthorized') {
        this.onUnauthorized();
        return;
      }
      if (this.everConnected) this.setState('reconnecting');
    });
    socket.io.on('reconnect_failed', () => this.setState('failed'));
  }

  disconnect() {
    this.socket?.disconnect();
    this.socket = null;
    this.setState('offline');
  }

  /** Sends an event and resolves with the server's acknowledgement (an error ack when none comes in time).
   * While the page's first connection is still opening (a click just after the page loads), the event
   * waits for it, within the same time. */
  async emit<E extends keyof Emit & string>(event: E, payload: Payload<Emit, E>): Promise<Answer<Emit, E>> {
    const refused = (code: string, error: string) => ({ ok: false, code, error }) as Ack<never> as Answer<Emit, E>;
    const timeoutMs = this.options.ackTimeoutMs ?? 10_000;
    if (this.state === 'connecting') await this.firstConnection(timeoutMs);
    const socket = this.socket;
    if (!socket?.connected) return refused('not_connected', 'Not connected');
    try {
      return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Answer<Emit, E>;
    } catch {
      return refused('timeout', 'No answer from the server');
    }
  }

  /** Resolves once the connection opening now is connected, fails, or `timeoutMs` passes. */
  private firstConnection(timeoutMs: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(finish, timeoutMs);
      const stop = this.onState((state) => state !== 'connecting' && finish());
      function finish() {
        clearTimeout(timer);
        stop();
        done();
      }
    });
  }

  /** Like `emit`, for an operation: resolves with the answer, or throws the refusal as an `ApiError`
   * (so it shows like a refused REST call). */
  async request<E extends keyof Emit & string>(
    event: E,
    payload: Payload<Emit, E>,
  ): Promise<Extract<Answer<Emit, E>, { ok: true }>> {
    const answer = (await this.emit(event, payload)) as Ack<object>;
    if (!answer.ok) throw new ApiError(0, answer.code, answer.error);
    return answer as Extract<Answer<Emit, E>, { ok: true }>;
  }

  /** Listens to a server event across reconnections; returns the way to stop listening. */
  on<E extends keyof Listen & string>(event: E, handler: (payload: Payload<Listen, E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    const untyped = handler as Handler;
    set.add(untyped);
    this.socket?.on(event as string, untyped);
    return () => {
      set.delete(untyped);
      this.socket?.off(event as string, untyped);
    };
  }

  onState(listener: Listener<ConnectionState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called on every connection, the first one included: the moment to resync (SYNC-1). What the page
   * read over HTTP before the socket connected (a page load reads while connecting) may be missing
   * what happened between that read and the connection, as after a drop. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  private setState(state: ConnectionState) {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** The tab's connection. */
export const socket: SocketManager = new SocketManager();

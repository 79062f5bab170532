// The one Socket.IO connection of a signed-in tab: token auth in the handshake, acknowledgements as
// promises, and the connection's life (SYNC-2) as a small state other parts can watch.

import { io, type Socket } from 'socket.io-client';
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

export class SocketManager {
  private socket: Socket | null = null;
  private handlers = new Map<string, Set<(payload: never) => void>>();
  private stateListeners = new Set<Listener<ConnectionState>>();
  private reconnectListeners = new Set<() => void>();
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
      reconnectionAttempts: this.options.reconnectionAttempts ?? 20,
      reconnectionDelayMax: this.options.reconnectionDelayMax ?? 5000,
    });
    this.socket = socket;
    this.everConnected = false;
    this.setState('connecting');

    for (const [event, set] of this.handlers) {
      for (const handler of set) socket.on(event, handler as (payload: unknown) => void);
    }
    socket.on('connect', () => {
      const again = this.everConnected;
      this.everConnected = true;
      this.setState('connected');
      if (again) for (const listener of this.reconnectListeners) listener();
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

  /** Sends an event and resolves with the server's acknowledgement (an error ack when none comes in time). */
  async emit<T = object>(event: string, payload: unknown): Promise<Ack<T>> {
    const socket = this.socket;
    if (!socket?.connected) return { ok: false, code: 'not_connected', error: 'Not connected' };
    try {
      return await socket.timeout(this.options.ackTimeoutMs ?? 10_000).emitWithAck(event, payload);
    } catch {
      return { ok: false, code: 'timeout', error: 'No answer from the server' };
    }
  }

  /** Listens to a server event across reconnections; returns the way to stop listening. */
  on<T>(event: string, handler: (payload: T) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    this.socket?.on(event, handler as (payload: unknown) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
      this.socket?.off(event, handler as (payload: unknown) => void);
    };
  }

  onState(listener: Listener<ConnectionState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called after every reconnection (not the first connection): the moment to resync (SYNC-1). */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private setState(state: ConnectionState) {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** The tab's connection. */
export const socket = new SocketManager();

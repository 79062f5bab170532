// The benchmark baseline: WOXLY's events (login, history, join/leave, chat, signaling, mute) built the
// way the seed describes its server — Express for REST, socket.io with a JWT middleware, one SQL query
// after another — on WOXLY's own schema and database, so the two servers are compared on the same data.
// Passwords are argon2 (the hashes in WOXLY's schema), where the seed used bcrypt.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const express = require('express');
const { Server } = require('socket.io');
const jwt = require('jsonwebtoken');
const argon2 = require('argon2');
const db = require('./db');

const SECRET = process.env.WOXLY_JWT_SECRET;
const PORT = Number(process.env.PORT || 7979);

const publicUser = (u) => ({
  id: u.id, woxlyId: u.woxly_id, username: u.username, avatarUrl: u.avatar_url ?? null, status: u.status,
});
const roomJson = (r) => ({
  id: r.id, name: r.name, ownerId: r.owner_id, isPrivate: Boolean(r.is_private),
  maxParticipants: r.max_participants ?? null, createdAt: new Date(Number(r.created_at)).toISOString(),
});

// Who is in which room right now: roomId → userId → number of that user's sockets in it.
const present = new Map();
const isIn = (roomId, userId) => (present.get(roomId)?.get(userId) ?? 0) > 0;

async function sessionUser(token) {
  const claims = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
  const rows = await db.query(
    `SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
    [claims.sid, Date.now()],
  );
  if (rows.length === 0) throw new Error('unauthorized');
  return { user: rows[0], sessionId: claims.sid };
}

async function memberStatus(roomId, userId) {
  const rows = await db.query('SELECT status FROM room_members WHERE room_id = ? AND user_id = ?', [roomId, userId]);
  return rows[0]?.status;
}

async function participants(roomId) {
  const rows = await db.query(
    `SELECT u.*, rm.status AS room_status FROM room_members rm JOIN users u ON u.id = rm.user_id
     WHERE rm.room_id = ?`,
    [roomId],
  );
  return rows.map((u) => ({
    ...publicUser(u), roomStatus: u.room_status, isOnline: u.status !== 'offline', isInRoom: isIn(roomId, u.id),
    isSpeaking: false, isMuted: false, isDeafened: false,
  }));
}

const app = express();
app.use(express.json());

app.get('/api/health', (req, res) => res.json({ status: 'ok' }));

app.post('/api/auth/login', async (req, res) => {
  const login = String(req.body?.login ?? '').toLowerCase();
  const rows = await db.query('SELECT * FROM users WHERE username_key = ? OR email_key = ?', [login, login]);
  const user = rows[0];
  if (!user || !(await argon2.verify(user.password_hash, String(req.body?.password ?? '')))) {
    return res.status(401).json({ error: 'wrong login or password', code: 'unauthorized' });
  }
  const now = Date.now();
  const session = { id: crypto.randomUUID(), expires: now + 30 * 24 * 3600 * 1000 };
  await db.query('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    [session.id, user.id, now, session.expires]);
  const token = jwt.sign({ sub: String(user.id), sid: session.id, iat: Math.floor(now / 1000),
    exp: Math.floor(session.expires / 1000) }, SECRET, { algorithm: 'HS256' });
  res.json({ user: { ...publicUser(user), email: user.email }, token });
});

app.get('/api/messages', async (req, res) => {
  let caller;
  try {
    caller = await sessionUser(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  } catch {
    return res.status(401).json({ error: 'unauthorized', code: 'unauthorized' });
  }
  const roomId = Number(req.query.roomId);
  const limit = Math.min(Number(req.query.limit ?? 50), 100);
  if ((await memberStatus(roomId, caller.user.id)) !== 'accepted') {
    return res.status(404).json({ error: 'no such room', code: 'not_found' });
  }
  const select = `SELECT m.id, m.room_id, m.content, m.nonce, m.created_at, u.id AS uid, u.woxly_id, u.username,
    u.avatar_url, u.status FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.room_id = ?`;
  const rows = req.query.before
    ? await db.query(`${select} AND m.id < ? ORDER BY m.id DESC LIMIT ?`, [roomId, Number(req.query.before), limit])
    // The seed's own paging: newest first, skipping what the client already has.
    : await db.query(`${select} ORDER BY m.created_at DESC LIMIT ? OFFSET ?`, [roomId, limit, Number(req.query.offset ?? 0)]);
  res.json({ messages: rows.reverse().map((m) => ({
    id: m.id, roomId: m.room_id, content: m.content, nonce: m.nonce ?? undefined,
    timestamp: new Date(Number(m.created_at)).toISOString(),
    sender: publicUser({ ...m, id: m.uid }),
  })) });
});

const server = http.createServer(app);
const io = new Server(server, { maxHttpBufferSize: 64 * 1024 });

io.use(async (socket, next) => {
  try {
    const { user, sessionId } = await sessionUser(socket.handshake.auth?.token ?? '');
    socket.data.user = user;
    socket.data.sessionId = sessionId;
    next();
  } catch {
    next(new Error('unauthorized'));
  }
});

async function setStatus(user, status) {
  await db.query('UPDATE users SET status = ? WHERE id = ?', [status, user.id]);
  const friends = await db.query('SELECT friend_id FROM friendships WHERE user_id = ?', [user.id]);
  for (const f of friends) io.to(`user-${f.friend_id}`).emit('friend-status-changed', { userId: user.id, status });
}

function leave(socket, roomId) {
  const userId = socket.data.user.id;
  const room = present.get(roomId);
  if (!room?.get(userId)) return;
  room.set(userId, room.get(userId) - 1);
  if (room.get(userId) === 0) {
    room.delete(userId);
    io.to(`room-${roomId}`).emit('user-left-room', { userId, roomId });
  }
  socket.leave(`room-${roomId}`);
  socket.data.rooms.delete(roomId);
}

io.on('connection', (socket) => {
  const user = socket.data.user;
  socket.data.rooms = new Set();
  socket.join(`user-${user.id}`);
  // Handlers are attached before anything is awaited: socket.io drops events that arrive before their
  // handler, and a client may send its first event as soon as it is connected.
  attachHandlers(socket, user);
  if (user.status === 'offline') setStatus(user, 'online').catch(() => {});
});

function attachHandlers(socket, user) {

  const on = (event, handler) => socket.on(event, async (payload, ack) => {
    const answer = typeof ack === 'function' ? ack : () => {};
    try {
      answer(await handler(payload));
    } catch (e) {
      answer({ ok: false, error: e.message, code: e.code ?? 'internal' });
    }
  });
  const refuse = (code, message) => Object.assign(new Error(message), { code });

  on('join-room', async (roomIdPayload) => {
    const roomId = Number(roomIdPayload?.roomId ?? roomIdPayload);
    if ((await memberStatus(roomId, user.id)) !== 'accepted') throw refuse('not_found', 'no such room');
    socket.join(`room-${roomId}`);
    if (!present.has(roomId)) present.set(roomId, new Map());
    const room = present.get(roomId);
    room.set(user.id, (room.get(user.id) ?? 0) + 1);
    socket.data.rooms.add(roomId);
    const list = await participants(roomId);
    const me = list.find((p) => p.id === user.id);
    socket.to(`room-${roomId}`).emit('user-joined-room', { userId: user.id, roomId, participant: me });
    const [roomRow] = await db.query('SELECT * FROM rooms WHERE id = ?', [roomId]);
    return { ok: true, room: roomJson(roomRow), participants: list };
  });

  on('leave-room', async (roomId) => {
    leave(socket, Number(roomId?.roomId ?? roomId));
    return { ok: true };
  });

  on('send-message', async ({ roomId, content, nonce } = {}) => {
    if (typeof content !== 'string' || !content.trim() || content.length > 2000) {
      throw refuse('invalid_content', 'a message is 1 to 2000 characters');
    }
    if ((await memberStatus(roomId, user.id)) !== 'accepted') throw refuse('not_found', 'no such room');
    const now = Date.now();
    const [row] = await db.query(
      'INSERT INTO messages (room_id, sender_id, content, nonce, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [roomId, user.id, content, nonce ?? null, now],
    );
    const message = { id: row.id, roomId, content, timestamp: new Date(now).toISOString(), sender: publicUser(user), nonce };
    io.to(`room-${roomId}`).emit('new-message', message);
    // Members not in the room get an unread-message notification (one per room).
    const members = await db.query("SELECT user_id FROM room_members WHERE room_id = ? AND status = 'accepted'", [roomId]);
    for (const { user_id: memberId } of members) {
      if (memberId === user.id || isIn(roomId, memberId)) continue;
      await db.query(
        `INSERT INTO notifications (user_id, type, from_user_id, room_id, message_id, created_at)
         VALUES (?, 'message', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [memberId, user.id, roomId, row.id, now],
      );
    }
    return { ok: true, message };
  });

  for (const [event, field] of [['webrtc-offer', 'offer'], ['webrtc-answer', 'answer'], ['ice-candidate', 'candidate']]) {
    on(event, async (payload = {}) => {
      const to = Number(payload.to);
      const shared = [...socket.data.rooms].some((roomId) => isIn(roomId, to));
      if (!shared) throw refuse('not_in_room', 'not in a room with that user');
      io.to(`user-${to}`).emit(event, { from: user.id, [field]: payload[field] });
      return { ok: true };
    });
  }

  on('mic-toggle', async ({ roomId, isMuted } = {}) => {
    if (!socket.data.rooms.has(roomId)) throw refuse('not_in_room', 'not in that room');
    socket.to(`room-${roomId}`).emit('user-mic-toggle', { userId: user.id, roomId, isMuted: Boolean(isMuted) });
    return { ok: true, isMuted: Boolean(isMuted) };
  });

  socket.on('disconnect', async () => {
    for (const roomId of [...socket.data.rooms]) leave(socket, roomId);
    const others = await io.in(`user-${user.id}`).fetchSockets();
    if (others.length === 0) await setStatus(user, 'offline');
  });
}

process.on('SIGTERM', () => process.exit(0));
server.listen(PORT, '127.0.0.1');

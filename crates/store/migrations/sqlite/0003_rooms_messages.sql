-- Rooms (ROOM), their members, and text messages (CHAT).

CREATE TABLE rooms (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT    NOT NULL,
    owner_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_private       BOOLEAN NOT NULL,
    max_participants INTEGER,
    created_at       INTEGER NOT NULL
);

-- status: pending (invited), accepted (a member), declined. A removed member's row is deleted.
CREATE TABLE room_members (
    room_id   INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_by_user ON room_members (user_id);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id    INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    sender_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content    TEXT NOT NULL,
    nonce      TEXT,
    created_at INTEGER NOT NULL
);
-- History pages walk one room's messages by id.
CREATE INDEX messages_by_room ON messages (room_id, id);
-- A retry with the same nonce from the same sender in the same room stores nothing new.
CREATE UNIQUE INDEX messages_nonce_unique ON messages (room_id, sender_id, nonce) WHERE nonce IS NOT NULL;

ALTER TABLE notifications ADD COLUMN room_id INTEGER REFERENCES rooms (id) ON DELETE CASCADE;
ALTER TABLE notifications ADD COLUMN message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE;
-- CHAT-4: at most one unread message notification per user and room.
CREATE UNIQUE INDEX notifications_one_unread_message_per_room ON notifications (user_id, room_id)
    WHERE type = 'message' AND is_read = FALSE;

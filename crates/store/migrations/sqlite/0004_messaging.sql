-- Messaging (MSG-1…MSG-6): direct conversations, edits and deletions,
-- replies, reactions, mentions and each member's read position.

-- 'group' (a room people create and invite to) or 'direct' (one per pair of friends, MSG-1).
ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'group';

-- The one direct conversation of a pair: user_a < user_b, so the pair has one row and two
-- concurrent openings cannot make two rooms.
CREATE TABLE direct_rooms (
    user_a  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_b  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    room_id INTEGER NOT NULL UNIQUE REFERENCES rooms (id) ON DELETE CASCADE,
    PRIMARY KEY (user_a, user_b)
);

ALTER TABLE messages ADD COLUMN reply_to_id INTEGER REFERENCES messages (id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
-- A deleted message keeps its row (replies and the order refer to it) but not its text: content is ''.
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;

-- One reaction per emoji per user on a message.
CREATE TABLE message_reactions (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    emoji      TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

-- Who a message mentions (members only), for the mention badge.
CREATE TABLE message_mentions (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_by_user ON message_mentions (user_id, message_id);

-- The newest message a member has read; what is newer (and not theirs) is unread. Members who were
-- there before this existed have read everything.
ALTER TABLE room_members ADD COLUMN last_read_id INTEGER NOT NULL DEFAULT 0;
UPDATE room_members SET last_read_id = COALESCE((SELECT MAX(id) FROM messages WHERE messages.room_id = room_members.room_id), 0);

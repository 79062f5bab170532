-- What each room tells each person (NOTIF-4): a level and a mute. Only choices other than the default
-- (everything, not muted) are kept. muted_until: unix milliseconds; the largest value for "until
-- turned back on".
CREATE TABLE room_notifications (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    room_id BIGINT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('all', 'mentions', 'nothing')),
    muted_until BIGINT,
    PRIMARY KEY (room_id, user_id)
);

-- Accounts and sessions (AUTH). Times are milliseconds since the Unix epoch, UTC.
-- username_key / email_key hold the case-folded forms computed by the domain (Unicode-aware, which
-- SQLite's NOCASE is not); their UNIQUE constraints make concurrent registrations unable to both win.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    woxly_id      TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    avatar_url    TEXT,
    status        TEXT    NOT NULL DEFAULT 'offline',
    created_at    INTEGER NOT NULL,
    CONSTRAINT users_woxly_id_unique     UNIQUE (woxly_id),
    CONSTRAINT users_username_key_unique UNIQUE (username_key),
    CONSTRAINT users_email_key_unique    UNIQUE (email_key)
);

CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user_id ON sessions (user_id);

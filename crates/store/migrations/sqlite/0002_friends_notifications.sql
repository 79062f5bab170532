-- Friends (FRIEND), notifications (NOTIF) and the user search index (FRIEND-1).

-- A pending request; it is deleted when accepted or declined.
CREATE TABLE friend_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    from_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    CONSTRAINT friend_requests_pair_unique UNIQUE (from_user_id, to_user_id)
);
CREATE INDEX friend_requests_to_user ON friend_requests (to_user_id);

-- A friendship is two rows, one per side, so each side's private note lives on its own row.
CREATE TABLE friendships (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type         TEXT    NOT NULL,
    from_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_read      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   INTEGER NOT NULL
);
-- Newest first for one user, all or unread only.
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread_by_user ON notifications (user_id, id) WHERE is_read = FALSE;

-- Substring search over usernames: an FTS5 trigram index over users.username_key, kept in step by
-- triggers. `username_key GLOB '*frag*'` uses it for fragments of 3+ characters; 2-character fragments
-- scan this compact index instead of the users table.
CREATE VIRTUAL TABLE users_search USING fts5 (
    username_key, content = 'users', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO users_search (rowid, username_key) SELECT id, username_key FROM users;
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, username_key) VALUES (new.id, new.username_key);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username_key) VALUES ('delete', old.id, old.username_key);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF username_key ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username_key) VALUES ('delete', old.id, old.username_key);
    INSERT INTO users_search (rowid, username_key) VALUES (new.id, new.username_key);
END;

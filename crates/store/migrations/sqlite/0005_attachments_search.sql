-- Files on messages (FILE-1…FILE-3) and message search (SEARCH-1).

-- An upload to a room; message_id is set when it is sent (once). The file is stored once per content,
-- under its SHA-256, in the data directory; rows refer to it by that hash.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id      INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    uploader_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    width        INTEGER,
    height       INTEGER,
    thumbnail    TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_by_message ON attachments (message_id);
CREATE INDEX attachments_by_blob ON attachments (sha256);
CREATE INDEX attachments_by_uploader ON attachments (uploader_id);
CREATE INDEX attachments_unsent ON attachments (created_at) WHERE message_id IS NULL;

-- How many files a message carries (0 for most): a page of history reads the attachments table only
-- when one of its messages has some.
ALTER TABLE messages ADD COLUMN attachment_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN has_image BOOLEAN NOT NULL DEFAULT FALSE;

-- The words of every message, for search: an FTS5 table keeping only the index (contentless; the text
-- is read from messages), kept in step by triggers: a message's words are indexed when it is stored,
-- replaced when it is edited, and removed when it is deleted. unicode61 splits on anything that is not a
-- letter or a digit and folds case in every alphabet, Cyrillic included; diacritics are kept, as
-- PostgreSQL's 'simple' configuration keeps them, so both databases find the same messages.
CREATE VIRTUAL TABLE messages_search USING fts5 (
    content, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO messages_search (rowid, content) SELECT id, content FROM messages WHERE deleted_at IS NULL;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_search (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages BEGIN
    DELETE FROM messages_search WHERE rowid = old.id;
    INSERT INTO messages_search (rowid, content) SELECT new.id, new.content WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_search WHERE rowid = old.id;
END;

-- Who may reach each person (FRIEND-7): who may send them friend requests, and who finds them in the
-- user search: 'everyone', 'friends_of_friends' or 'nobody'.
ALTER TABLE users ADD COLUMN friend_requests_from TEXT NOT NULL DEFAULT 'everyone'
    CHECK (friend_requests_from IN ('everyone', 'friends_of_friends', 'nobody'));
ALTER TABLE users ADD COLUMN findable_by TEXT NOT NULL DEFAULT 'everyone'
    CHECK (findable_by IN ('everyone', 'friends_of_friends', 'nobody'));

-- Deleting an account (AUTH-10): the row stays (messages keep their sender) with its personal data
-- replaced, marked with when it was deleted.
ALTER TABLE users ADD COLUMN deleted_at INTEGER;

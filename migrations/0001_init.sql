-- Initial schema. Written in the SQL subset that SQLite 3.40 and PostgreSQL 15 both accept;
-- AUTO_ID_PRIMARY_KEY is replaced per backend by the migration runner.

-- Process state that must survive restarts, such as the last confirmed update offset.
CREATE TABLE bot_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Every update taken in, stored before Telegram is told it was received, so that a crash
-- neither skips it nor handles it twice. Handled rows are kept for a while to drop repeats.
CREATE TABLE update_ledger (
  update_id BIGINT PRIMARY KEY,
  payload TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  handled_at BIGINT
);
CREATE INDEX update_ledger_pending ON update_ledger (handled_at, update_id);

CREATE TABLE users (
  user_id BIGINT PRIMARY KEY,
  username TEXT,
  username_lower TEXT,
  first_name TEXT NOT NULL,
  last_name TEXT,
  language_code TEXT,
  is_bot BOOLEAN NOT NULL DEFAULT FALSE,
  last_seen BIGINT NOT NULL
);
CREATE INDEX users_username_lower ON users (username_lower);

CREATE TABLE chats (
  chat_id BIGINT PRIMARY KEY,
  type TEXT NOT NULL,
  title TEXT,
  username TEXT,
  username_lower TEXT,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  language TEXT NOT NULL DEFAULT 'en',
  last_seen BIGINT NOT NULL
);
CREATE INDEX chats_username_lower ON chats (username_lower);

-- Members the bot has seen in a chat (for membership checks without an API call).
CREATE TABLE chat_members (
  chat_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (chat_id, user_id)
);

CREATE TABLE chat_settings (
  chat_id BIGINT PRIMARY KEY,
  anon_admin BOOLEAN NOT NULL DEFAULT FALSE,
  warn_limit INTEGER NOT NULL DEFAULT 3,
  warn_mode TEXT NOT NULL DEFAULT 'mute',
  warn_mode_seconds BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE warns (
  warn_id AUTO_ID_PRIMARY_KEY,
  chat_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  reason TEXT,
  warned_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX warns_chat_user ON warns (chat_id, user_id, warn_id);

-- Commands from anonymous admins waiting for an admin to confirm with a button.
CREATE TABLE pending_confirmations (
  chat_id BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  payload TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (chat_id, message_id)
);

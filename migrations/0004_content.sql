-- Content that admins write: notes, filters, greetings, rules and keyword reactions. Content
-- columns store the admin's markdown source (see docs/formatting.md), which is rendered to
-- Telegram HTML when sent, so that noformat shows exactly what was written. media_type is empty
-- for text, else the Bot API name of the media ("photo", "sticker", ...) kept by file_id.

CREATE TABLE notes (
  chat_id BIGINT NOT NULL,
  name TEXT NOT NULL,  -- case-folded, see text/fold.h
  display_name TEXT NOT NULL,  -- as the admin wrote it
  content TEXT NOT NULL,
  media_type TEXT NOT NULL DEFAULT '',
  file_id TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0,  -- unix time in milliseconds
  PRIMARY KEY (chat_id, name)
);

CREATE TABLE note_settings (
  chat_id BIGINT PRIMARY KEY,
  private_notes BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE filters (
  chat_id BIGINT NOT NULL,
  keyword TEXT NOT NULL,  -- case-folded, see text/fold.h
  display_keyword TEXT NOT NULL,
  content TEXT NOT NULL,
  media_type TEXT NOT NULL DEFAULT '',
  file_id TEXT NOT NULL DEFAULT '',
  no_notif BOOLEAN NOT NULL DEFAULT FALSE,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0,  -- unix time in milliseconds
  PRIMARY KEY (chat_id, keyword)
);

-- One row per chat; a chat without a row has the defaults below.
CREATE TABLE greetings (
  chat_id BIGINT PRIMARY KEY,
  welcome_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  welcome_content TEXT NOT NULL DEFAULT 'Hey {first}, how are you?',
  welcome_media_type TEXT NOT NULL DEFAULT '',
  welcome_file_id TEXT NOT NULL DEFAULT '',
  welcome_clean_old BOOLEAN NOT NULL DEFAULT FALSE,
  welcome_last_message_id BIGINT NOT NULL DEFAULT 0,
  goodbye_enabled BOOLEAN NOT NULL DEFAULT FALSE,
  goodbye_content TEXT NOT NULL DEFAULT 'Sad to see you leaving {first}',
  goodbye_media_type TEXT NOT NULL DEFAULT '',
  goodbye_file_id TEXT NOT NULL DEFAULT '',
  goodbye_clean_old BOOLEAN NOT NULL DEFAULT FALSE,
  goodbye_last_message_id BIGINT NOT NULL DEFAULT 0,
  clean_service BOOLEAN NOT NULL DEFAULT FALSE,
  auto_approve BOOLEAN NOT NULL DEFAULT FALSE
);

-- Join requests already announced, so that a repeated request within a few minutes posts no
-- second notice.
CREATE TABLE join_request_notices (
  chat_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  posted_at BIGINT NOT NULL,
  PRIMARY KEY (chat_id, user_id)
);

CREATE TABLE rules (
  chat_id BIGINT PRIMARY KEY,
  content TEXT NOT NULL DEFAULT '',
  private_rules BOOLEAN NOT NULL DEFAULT FALSE,
  button_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reactions (
  chat_id BIGINT NOT NULL,
  keyword TEXT NOT NULL,  -- case-folded, see text/fold.h
  emoji TEXT NOT NULL,
  PRIMARY KEY (chat_id, keyword)
);

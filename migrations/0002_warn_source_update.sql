-- The update that created a warning. Handling the same update again (after a crash between the
-- warning and the record that its update was handled) then adds no second warning.
ALTER TABLE warns ADD COLUMN source_update_id BIGINT;
CREATE UNIQUE INDEX warns_source_update ON warns (chat_id, source_update_id);

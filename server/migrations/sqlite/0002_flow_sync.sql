-- What Flowdeck knows of each flow's copy on Meta, and the first screen for the list.
ALTER TABLE flows ADD COLUMN saved_revision INTEGER;
ALTER TABLE flows ADD COLUMN sync_error TEXT;
ALTER TABLE flows ADD COLUMN meta_validation_errors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE flows ADD COLUMN first_screen TEXT;

CREATE INDEX flows_by_account ON flows (account_id, updated_at DESC);

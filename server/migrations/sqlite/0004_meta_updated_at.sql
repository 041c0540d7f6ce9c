-- When Meta last changed its copy of each flow, so that sync downloads only what changed.
ALTER TABLE flows ADD COLUMN meta_updated_at TEXT;

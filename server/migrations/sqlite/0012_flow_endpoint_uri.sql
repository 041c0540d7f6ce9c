-- The flow's data endpoint URL, which Meta needs before it sends or publishes a flow that calls
-- one (Flow JSON 3.0 and newer, with a data_api_version). Flowdeck sends it on save to Meta and
-- reads it back on sync; NULL: none set.
ALTER TABLE flows ADD COLUMN endpoint_uri TEXT;

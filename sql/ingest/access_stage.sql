-- access_stage: the rejected lines of one access log before they join raw_rejects; a temporary table created and dropped inside the file's transaction. inputs: none.
CREATE OR REPLACE TEMP TABLE access_stage_rejects (
    file_id     BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    column_name VARCHAR,
    raw_value   VARCHAR,
    reason      VARCHAR NOT NULL
);

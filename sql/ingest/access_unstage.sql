-- access_unstage: moves one access log's rejected lines into raw_rejects and drops the staging table. inputs: access_stage_rejects.
INSERT INTO raw_rejects BY NAME SELECT * FROM access_stage_rejects;
DROP TABLE IF EXISTS access_stage_rejects;

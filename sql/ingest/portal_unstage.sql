-- portal_unstage: drops the staging tables of one snapshot's load. inputs: none.
DROP TABLE IF EXISTS stage_portal_snapshot;
DROP TABLE IF EXISTS stage_portal_units;
DROP TABLE IF EXISTS stage_portal_values;
DROP TABLE IF EXISTS stage_registry_names;
DROP TABLE IF EXISTS stage_province_names;
DROP TABLE IF EXISTS stage_portal_province;
DROP TABLE IF EXISTS stage_portal_result;

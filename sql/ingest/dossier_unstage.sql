-- dossier_unstage: drops the staging tables of one file's load. inputs: none.
DROP TABLE IF EXISTS stage_dossiers;
DROP TABLE IF EXISTS stage_unknown_unit;
DROP TABLE IF EXISTS stage_latest;
DROP TABLE IF EXISTS stage_result;

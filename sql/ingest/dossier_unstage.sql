-- dossier_unstage: drops the temporary tables of one file's load. inputs: none.
DROP TABLE IF EXISTS known_units;
DROP TABLE IF EXISTS stage_text;
DROP TABLE IF EXISTS merge_keys;
DROP TABLE IF EXISTS merge_rows;
DROP TABLE IF EXISTS merge_new;
DROP TABLE IF EXISTS merge_result;
DROP TABLE IF EXISTS merge_losers;

-- The number of hazards by status, level, region and sector, kept by triggers in the same
-- transaction as every change to hazards. The list's total for the filters these columns
-- answer (the scope, a region, a sector, a status, a level: what a bureau opens most) is then
-- a sum over a few hundred rows instead of a pass over the whole table — which matters
-- because a total cached by the server is stale after any write (src/hazard/hazard.c).
CREATE TABLE hazard_counts (
	status		TEXT NOT NULL,
	level		TEXT NOT NULL,
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL,
	n		INTEGER NOT NULL,
	PRIMARY KEY (status, level, region_code, sector)
) WITHOUT ROWID;

INSERT INTO hazard_counts (status, level, region_code, sector, n)
	SELECT status, level, region_code, sector, count(*) FROM hazards
	GROUP BY status, level, region_code, sector;

CREATE TRIGGER hazard_counts_insert AFTER INSERT ON hazards BEGIN
	INSERT INTO hazard_counts (status, level, region_code, sector, n)
		VALUES (NEW.status, NEW.level, NEW.region_code, NEW.sector, 1)
		ON CONFLICT (status, level, region_code, sector) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazard_counts_update AFTER UPDATE OF status, level, region_code, sector ON hazards
WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level
	OR OLD.region_code IS NOT NEW.region_code OR OLD.sector IS NOT NEW.sector
BEGIN
	UPDATE hazard_counts SET n = n - 1 WHERE status = OLD.status AND level = OLD.level
		AND region_code = OLD.region_code AND sector = OLD.sector;
	INSERT INTO hazard_counts (status, level, region_code, sector, n)
		VALUES (NEW.status, NEW.level, NEW.region_code, NEW.sector, 1)
		ON CONFLICT (status, level, region_code, sector) DO UPDATE SET n = n + 1;
END;

-- Hazards are legal records and never deleted by the program; kept right all the same.
CREATE TRIGGER hazard_counts_delete AFTER DELETE ON hazards BEGIN
	UPDATE hazard_counts SET n = n - 1 WHERE status = OLD.status AND level = OLD.level
		AND region_code = OLD.region_code AND sector = OLD.sector;
END;

-- Production-safety accidents (生产安全事故). The grade is computed from the casualties and
-- the loss (src/accident/accident.c, 条例第三条) and stored with every write for the lists
-- and statistics; it is never entered. occurred_on is the Asia/Shanghai date of
-- occurred_at; region_code and sector are the enterprise's when there is one.
CREATE TABLE accidents (
	id		INTEGER PRIMARY KEY,
	occurred_at	INTEGER NOT NULL,
	occurred_on	TEXT NOT NULL,
	region_code	TEXT NOT NULL REFERENCES regions(code),
	sector		TEXT NOT NULL DEFAULT '',
	enterprise_id	INTEGER REFERENCES enterprises(id),
	type		TEXT NOT NULL,
	road_traffic	INTEGER NOT NULL DEFAULT 0,
	location	TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	deaths		INTEGER NOT NULL CHECK (deaths >= 0),
	serious_injuries INTEGER NOT NULL CHECK (serious_injuries >= 0),
	direct_loss_fen	INTEGER NOT NULL CHECK (direct_loss_fen >= 0),
	grade		TEXT NOT NULL CHECK (grade IN ('general', 'larger', 'major', 'especially_major')),
	reported_at	INTEGER NOT NULL,
	attachments	TEXT NOT NULL DEFAULT '[]',
	extension_days	INTEGER NOT NULL DEFAULT 0 CHECK (extension_days BETWEEN 0 AND 60),
	extension_reason TEXT,
	report_submitted_on TEXT,
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX accidents_on ON accidents(occurred_on, region_code, sector, grade, type, deaths,
	serious_injuries, direct_loss_fen, enterprise_id);
CREATE INDEX accidents_region ON accidents(region_code, occurred_on);
CREATE INDEX accidents_enterprise ON accidents(enterprise_id, occurred_on);

-- Every step: the report, each casualty update (补报, with the figures before and after),
-- the extension of the investigation, the report submitted; also audited.
CREATE TABLE accident_events (
	id		INTEGER PRIMARY KEY,
	accident_id	INTEGER NOT NULL REFERENCES accidents(id),
	action		TEXT NOT NULL,
	from_status	TEXT,
	to_status	TEXT NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX accident_events_accident ON accident_events(accident_id, id);

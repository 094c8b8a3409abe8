-- Publicity and training (宣传培训): every 专题培训, 宣讲, 五进, principal training, standard
-- briefing, drill, door-to-door visit … the annual report counts in 场次 and 人次. Kinds and
-- names: ../shared/docs/DOMAIN.md; the rules: src/activity/activity.c.
--
-- region_code is where the activity took place and decides who sees it (a region range of
-- the scope; activities have no sector and no enterprise of their own). A voided activity
-- (作废, with a reason) stays, and leaves every count.
CREATE TABLE activities (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('official_training', 'lecture', 'five_into',
			    'principal_training', 'standard_briefing', 'evacuation_drill',
			    'rural_safety', 'door_to_door', 'school_check', 'school_drill',
			    'campaign', 'expert_service', 'competition')),
	activity_date	TEXT NOT NULL,
	region_code	TEXT NOT NULL REFERENCES regions(code),
	organiser_org_id INTEGER NOT NULL REFERENCES orgs(id),
	title		TEXT NOT NULL,
	sessions	INTEGER NOT NULL DEFAULT 1 CHECK (sessions > 0),
	participants	INTEGER NOT NULL CHECK (participants > 0),
	target		TEXT CHECK (target IN ('community', 'enterprise', 'school', 'village',
			    'family', 'government', 'public_place')),
	description	TEXT NOT NULL DEFAULT '',
	attachments	TEXT NOT NULL DEFAULT '[]',
	voided		INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
	void_reason	TEXT,
	voided_at	INTEGER,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	-- 五进 names what it went into; no other kind does.
	CHECK ((kind = 'five_into') = (target IS NOT NULL)),
	CHECK (voided = 0 OR void_reason IS NOT NULL)
);
-- The list: a region range (the scope, narrowed by a region filter), newest first.
CREATE INDEX activities_region ON activities(region_code, voided, activity_date);
-- The statistics: one pass over a date range, covering what they read.
CREATE INDEX activities_date ON activities(activity_date, voided, region_code, kind, sessions,
	participants);
CREATE INDEX activities_organiser ON activities(organiser_org_id, activity_date);

-- The enterprises an activity covered (a lecture at an enterprise, a briefing attended by
-- its staff); the statistics count distinct enterprises.
CREATE TABLE activity_enterprises (
	activity_id	INTEGER NOT NULL REFERENCES activities(id),
	enterprise_id	INTEGER NOT NULL REFERENCES enterprises(id),
	PRIMARY KEY (activity_id, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX activity_enterprises_enterprise ON activity_enterprises(enterprise_id);

-- The inspections a door-to-door visit (进门入户送安全) made; an inspection belongs to at
-- most one activity that is not voided (src/activity/activity.c checks it, to name the
-- field).
CREATE TABLE activity_inspections (
	activity_id	INTEGER NOT NULL REFERENCES activities(id),
	inspection_id	INTEGER NOT NULL REFERENCES inspections(id),
	PRIMARY KEY (activity_id, inspection_id)
) WITHOUT ROWID;
CREATE INDEX activity_inspections_inspection ON activity_inspections(inspection_id);

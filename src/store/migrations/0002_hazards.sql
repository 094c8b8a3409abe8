-- Hazard investigation and rectification: the major-hazard standards catalog, inspection
-- plans and inspections with their checklists, hazards with every transition kept, and the
-- deadline notifications.

-- 重大事故隐患判定标准: one row per standard (a sector may have several versions; the one
-- in force on a date is the one whose [effective_on, repealed_on) holds it).
CREATE TABLE standards (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,
	sector		TEXT NOT NULL REFERENCES sectors(code),
	name		TEXT NOT NULL,
	doc_no		TEXT NOT NULL DEFAULT '',
	issuer		TEXT NOT NULL DEFAULT '',
	effective_on	TEXT,
	repealed_on	TEXT,
	completeness	TEXT NOT NULL CHECK (completeness IN ('complete', 'partial', 'metadata_only')),
	notes		TEXT NOT NULL DEFAULT '',
	sources		TEXT NOT NULL DEFAULT '[]',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX standards_sector ON standards(sector);

-- Items keep their id when a standard is replaced (matched by `no`); an item the new text
-- no longer has is retired, not deleted, because hazards cite it.
CREATE TABLE standard_items (
	id		INTEGER PRIMARY KEY,
	standard_id	INTEGER NOT NULL REFERENCES standards(id),
	seq		INTEGER NOT NULL,
	no		TEXT NOT NULL,
	heading		TEXT NOT NULL DEFAULT '',
	text		TEXT NOT NULL,
	confidence	TEXT NOT NULL DEFAULT 'normal' CHECK (confidence IN ('normal', 'low')),
	citable		INTEGER NOT NULL DEFAULT 1,
	note		TEXT NOT NULL DEFAULT '',
	retired		INTEGER NOT NULL DEFAULT 0,
	UNIQUE (standard_id, no)
);
CREATE INDEX standard_items_seq ON standard_items(standard_id, seq);

CREATE TABLE inspection_plans (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('routine', 'campaign', 'concentrated', 'joint', 'cross', 'supervisory', 'self')),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	region_code	TEXT NOT NULL REFERENCES regions(code),
	period_from	TEXT NOT NULL,
	period_to	TEXT NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX inspection_plans_region ON inspection_plans(region_code, period_from);

CREATE TABLE inspection_plan_enterprises (
	plan_id		INTEGER NOT NULL REFERENCES inspection_plans(id),
	enterprise_id	INTEGER NOT NULL REFERENCES enterprises(id),
	PRIMARY KEY (plan_id, enterprise_id)
) WITHOUT ROWID;

-- region_code and sector are the enterprise's when the inspection was recorded: the scope
-- and the statistics read them without a join.
CREATE TABLE inspections (
	id		INTEGER PRIMARY KEY,
	enterprise_id	INTEGER NOT NULL REFERENCES enterprises(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('routine', 'campaign', 'concentrated', 'joint', 'cross', 'supervisory', 'self')),
	inspected_on	TEXT NOT NULL,
	plan_id		INTEGER REFERENCES inspection_plans(id),
	org_id		INTEGER REFERENCES orgs(id),
	officers	TEXT NOT NULL DEFAULT '[]',
	summary		TEXT NOT NULL DEFAULT '',
	referred	INTEGER NOT NULL DEFAULT 0,
	referral_note	TEXT,
	referred_at	INTEGER,
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX inspections_on ON inspections(inspected_on, region_code, sector, kind, enterprise_id);
CREATE INDEX inspections_enterprise ON inspections(enterprise_id, inspected_on);
CREATE INDEX inspections_plan ON inspections(plan_id);

CREATE TABLE inspection_items (
	id		INTEGER PRIMARY KEY,
	inspection_id	INTEGER NOT NULL REFERENCES inspections(id),
	seq		INTEGER NOT NULL,
	standard_item_id INTEGER REFERENCES standard_items(id),
	text		TEXT NOT NULL,
	result		TEXT NOT NULL CHECK (result IN ('pass', 'fail', 'na')),
	note		TEXT NOT NULL DEFAULT '',
	photos		TEXT NOT NULL DEFAULT '[]',
	hazard_id	INTEGER,
	UNIQUE (inspection_id, seq)
);

-- found_on is the Asia/Shanghai date the hazard was found; closed_at the instant it was
-- closed (accepted, or created closed when fixed on the spot). Overdue is not stored: it is
-- deadline < today and not closed (../shared/docs/DOMAIN.md).
CREATE TABLE hazards (
	id		INTEGER PRIMARY KEY,
	enterprise_id	INTEGER NOT NULL REFERENCES enterprises(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL,
	source		TEXT NOT NULL CHECK (source IN ('self_inspection', 'government_inspection', 'complaint', 'accident_investigation', 'other')),
	inspection_id	INTEGER REFERENCES inspections(id),
	found_on	TEXT NOT NULL,
	description	TEXT NOT NULL,
	location	TEXT NOT NULL DEFAULT '',
	category	TEXT NOT NULL DEFAULT '',
	level		TEXT NOT NULL CHECK (level IN ('general', 'major')),
	standard_item_id INTEGER REFERENCES standard_items(id),
	deadline	TEXT,
	responsible	TEXT NOT NULL DEFAULT '',
	measures	TEXT NOT NULL DEFAULT '',
	funds_fen	INTEGER NOT NULL DEFAULT 0 CHECK (funds_fen >= 0),
	contingency	TEXT NOT NULL DEFAULT '',
	photos		TEXT NOT NULL DEFAULT '[]',
	after_photos	TEXT NOT NULL DEFAULT '[]',
	immediate	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL CHECK (status IN ('reported', 'rectifying', 'awaiting_acceptance', 'closed', 'voided')),
	status_reason	TEXT,
	closed_at	INTEGER,
	created_by	INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (level = 'general' OR standard_item_id IS NOT NULL),
	CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
-- The list and its count: status and level (always bound as IN lists) then a region range,
-- the other filters read from the index.
CREATE INDEX hazards_region ON hazards(status, level, region_code, found_on, sector, source, enterprise_id, deadline);
-- The statistics: one pass over a found_on range, covering every column they read.
CREATE INDEX hazards_found ON hazards(found_on, region_code, sector, level, source, status, closed_at, deadline, funds_fen, enterprise_id);
CREATE INDEX hazards_enterprise ON hazards(enterprise_id, found_on);
CREATE INDEX hazards_inspection ON hazards(inspection_id) WHERE inspection_id IS NOT NULL;
-- Open hazards by deadline, for overdue lists and the daily notifications.
CREATE INDEX hazards_open_deadline ON hazards(deadline, region_code)
	WHERE status IN ('reported', 'rectifying', 'awaiting_acceptance');

-- Every transition, with actor, time and note (also in the audit log).
CREATE TABLE hazard_events (
	id		INTEGER PRIMARY KEY,
	hazard_id	INTEGER NOT NULL REFERENCES hazards(id),
	action		TEXT NOT NULL,
	from_status	TEXT,
	to_status	TEXT NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX hazard_events_hazard ON hazard_events(hazard_id, id);

-- Deadline notifications, written once per (kind, record, recipient, deadline) by the
-- daily job (a new deadline gets its own).
-- An enterprise recipient sees its own; a district recipient is seen by the staff whose
-- scope holds region_code and sector.
CREATE TABLE notifications (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	recipient	TEXT NOT NULL CHECK (recipient IN ('enterprise', 'district')),
	enterprise_id	INTEGER NOT NULL REFERENCES enterprises(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	INTEGER NOT NULL,
	due_on		TEXT NOT NULL,
	message		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	UNIQUE (kind, entity, entity_id, recipient, due_on)
);
CREATE INDEX notifications_enterprise ON notifications(enterprise_id, id);
CREATE INDEX notifications_region ON notifications(region_code, id);

CREATE TABLE notification_reads (
	notification_id	INTEGER NOT NULL REFERENCES notifications(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	read_at		INTEGER NOT NULL,
	PRIMARY KEY (notification_id, user_id)
) WITHOUT ROWID;

-- Supervision actions (督办问责): 挂牌督办, 约谈, 警示提醒, 考核通报, 督导检查 issued by a
-- bureau to a region, an org, an enterprise, a hazard (or, later, an accident); the
-- target's response and the closing (摘牌/销号), every step kept. States and names:
-- ../shared/docs/DOMAIN.md; the rules: src/enforce/supervision.c.
--
-- region_code and sector are derived from the target when issued, for the scope and the
-- statistics: a region target → that code, sector ''; an org → the org's region, sector '';
-- an enterprise → its region and sector; a hazard → the hazard's (and its enterprise_id).
-- Overdue is not stored: deadline < today and not closed.
CREATE TABLE supervisions (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('listing', 'interview', 'warning', 'notice', 'inspection')),
	number		TEXT NOT NULL DEFAULT '',
	issuer_org_id	INTEGER NOT NULL REFERENCES orgs(id),
	target_type	TEXT NOT NULL CHECK (target_type IN ('region', 'org', 'enterprise', 'hazard', 'accident')),
	target_region	TEXT REFERENCES regions(code),
	target_org_id	INTEGER REFERENCES orgs(id),
	enterprise_id	INTEGER REFERENCES enterprises(id),
	hazard_id	INTEGER REFERENCES hazards(id),
	accident_id	INTEGER,
	target_name	TEXT NOT NULL,
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL DEFAULT '',
	issued_on	TEXT NOT NULL,
	reason		TEXT NOT NULL,
	requirements	TEXT NOT NULL DEFAULT '',
	deadline	TEXT,
	attachments	TEXT NOT NULL DEFAULT '[]',
	status		TEXT NOT NULL CHECK (status IN ('issued', 'responded', 'closed')),
	response	TEXT,
	response_attachments TEXT NOT NULL DEFAULT '[]',
	responded_on	TEXT,
	closed_on	TEXT,
	close_note	TEXT,
	delisted_auto	INTEGER NOT NULL DEFAULT 0,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (deadline IS NULL OR deadline >= issued_on),
	CHECK (kind <> 'listing' OR deadline IS NOT NULL),
	CHECK (target_type <> 'region' OR target_region IS NOT NULL),
	CHECK (target_type <> 'org' OR target_org_id IS NOT NULL),
	CHECK (target_type <> 'enterprise' OR enterprise_id IS NOT NULL),
	CHECK (target_type <> 'hazard' OR (hazard_id IS NOT NULL AND enterprise_id IS NOT NULL)),
	CHECK (target_type <> 'accident' OR accident_id IS NOT NULL),
	CHECK (status <> 'closed' OR closed_on IS NOT NULL)
);
-- The list: a region range (the scope, narrowed by a region filter), newest first.
CREATE INDEX supervisions_region ON supervisions(region_code, status, issued_on);
-- The statistics: one pass over an issued_on range, covering what they read.
CREATE INDEX supervisions_issued ON supervisions(issued_on, region_code, sector, kind, target_type, status, deadline, responded_on, closed_on, enterprise_id);
CREATE INDEX supervisions_enterprise ON supervisions(enterprise_id, issued_on) WHERE enterprise_id IS NOT NULL;
-- The supervisions of a hazard; its listings are taken down when it is closed.
CREATE INDEX supervisions_hazard ON supervisions(hazard_id) WHERE hazard_id IS NOT NULL;
-- A hazard has at most one listing in force (src/enforce/supervision.c checks it first, to
-- name the field).
CREATE UNIQUE INDEX supervisions_hazard_listing ON supervisions(hazard_id)
	WHERE kind = 'listing' AND status IN ('issued', 'responded');
-- Open ones by deadline, for the daily notifications.
CREATE INDEX supervisions_open_deadline ON supervisions(deadline)
	WHERE status IN ('issued', 'responded');

-- Every step (issue, respond, return, close, delist), with actor, time, note and data; also
-- audited.
CREATE TABLE supervision_events (
	id		INTEGER PRIMARY KEY,
	supervision_id	INTEGER NOT NULL REFERENCES supervisions(id),
	action		TEXT NOT NULL,
	from_status	TEXT,
	to_status	TEXT NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX supervision_events_supervision ON supervision_events(supervision_id, id);

-- Notifications to a region or an org have no enterprise: enterprise_id becomes nullable.
-- SQLite cannot drop a NOT NULL, so the table is rebuilt. With foreign_keys on (every
-- connection, src/store/sqlite.c) `notifications` cannot be dropped while
-- `notification_reads` references it: both are copied into new tables, the old ones
-- dropped child first, and the new ones renamed (the rename rewrites the reference of
-- notification_reads to `notifications`). Columns, the UNIQUE key and the indexes are those
-- of 0002_hazards.sql.
CREATE TABLE notifications_new (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	recipient	TEXT NOT NULL CHECK (recipient IN ('enterprise', 'district')),
	enterprise_id	INTEGER REFERENCES enterprises(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	INTEGER NOT NULL,
	due_on		TEXT NOT NULL,
	message		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	UNIQUE (kind, entity, entity_id, recipient, due_on),
	CHECK (recipient <> 'enterprise' OR enterprise_id IS NOT NULL)
);
INSERT INTO notifications_new (id, kind, recipient, enterprise_id, region_code, sector, entity,
	entity_id, due_on, message, created_at)
	SELECT id, kind, recipient, enterprise_id, region_code, sector, entity, entity_id, due_on,
	message, created_at FROM notifications;

CREATE TABLE notification_reads_new (
	notification_id	INTEGER NOT NULL REFERENCES notifications_new(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	read_at		INTEGER NOT NULL,
	PRIMARY KEY (notification_id, user_id)
) WITHOUT ROWID;
INSERT INTO notification_reads_new (notification_id, user_id, read_at)
	SELECT notification_id, user_id, read_at FROM notification_reads;

DROP TABLE notification_reads;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
ALTER TABLE notification_reads_new RENAME TO notification_reads;
CREATE INDEX notifications_enterprise ON notifications(enterprise_id, id);
CREATE INDEX notifications_region ON notifications(region_code, id);

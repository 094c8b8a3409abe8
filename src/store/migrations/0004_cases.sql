-- Law-enforcement cases (执法办案): the case, its violations and penalties, the history of
-- its workflow, its generated documents, and the per-org settings of numbering and legal
-- review. States and names: ../shared/docs/DOMAIN.md; the rules: src/enforce/case.c.

-- Per issuing org: the case number pattern and the 较大数额 thresholds above which a fine
-- needs 法制审核 and may be heard (行政处罚法第58条, 第63条). No row: the defaults of
-- src/enforce/case.c.
CREATE TABLE case_settings (
	org_id		INTEGER PRIMARY KEY REFERENCES orgs(id),
	number_pattern	TEXT NOT NULL,
	large_fine_unit_fen	INTEGER NOT NULL CHECK (large_fine_unit_fen > 0),
	large_fine_person_fen	INTEGER NOT NULL CHECK (large_fine_person_fen > 0),
	updated_at	INTEGER NOT NULL
);

-- The last sequence number given per org and year; numbers are assigned at filing.
CREATE TABLE case_numbers (
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	year		INTEGER NOT NULL,
	last_seq	INTEGER NOT NULL,
	PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

-- region_code and sector are the party enterprise's (a person's: the issuing org's region,
-- sector ''), copied at filing: scope and statistics read them without a join. Dates are
-- Asia/Shanghai calendar dates; deadlines are derived from them when read.
CREATE TABLE cases (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	number		TEXT NOT NULL,
	year		INTEGER NOT NULL,
	seq		INTEGER NOT NULL,
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL DEFAULT '',
	party_type	TEXT NOT NULL CHECK (party_type IN ('enterprise', 'person')),
	enterprise_id	INTEGER REFERENCES enterprises(id),
	person_name	TEXT,
	person_id_no	TEXT,
	person_address	TEXT NOT NULL DEFAULT '',
	source		TEXT NOT NULL CHECK (source IN ('inspection', 'complaint', 'accident', 'referral', 'other')),
	inspection_id	INTEGER REFERENCES inspections(id),
	accident_id	INTEGER,
	mode		TEXT NOT NULL CHECK (mode IN ('routine', 'campaign', 'concentrated', 'joint')),
	partners	TEXT NOT NULL DEFAULT '[]',
	officers	TEXT NOT NULL DEFAULT '[]',
	title		TEXT NOT NULL,
	facts		TEXT NOT NULL DEFAULT '',
	evidence	TEXT NOT NULL DEFAULT '[]',
	status		TEXT NOT NULL CHECK (status IN ('filed', 'investigating', 'legal_review', 'notified', 'hearing', 'decided', 'executing', 'closed', 'not_penalized', 'transferred', 'revoked')),
	filed_on	TEXT NOT NULL,
	extension_days	INTEGER NOT NULL DEFAULT 0,
	extension_reason TEXT,
	review_required	INTEGER NOT NULL DEFAULT 0,
	reviewed_by	INTEGER REFERENCES users(id),
	reviewed_on	TEXT,
	review_opinion	TEXT,
	notified_on	TEXT,
	hearing_eligible INTEGER NOT NULL DEFAULT 0,
	hearing_requested_on TEXT,
	hearing_notified_on TEXT,
	hearing_on	TEXT,
	hearing_place	TEXT,
	hearing_record	TEXT,
	rights_waived	INTEGER NOT NULL DEFAULT 0,
	decided_on	TEXT,
	served_on	TEXT,
	closed_on	TEXT,
	exit_reason	TEXT,
	transferred_to	TEXT,
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (org_id, year, seq),
	UNIQUE (org_id, number),
	CHECK (party_type <> 'enterprise' OR enterprise_id IS NOT NULL),
	CHECK (party_type <> 'person' OR (person_name IS NOT NULL AND person_id_no IS NOT NULL))
);
-- The statistics: one pass over a filing-date range, covering what they read.
CREATE INDEX cases_filed ON cases(filed_on, region_code, sector, mode, status, decided_on, org_id);
CREATE INDEX cases_region ON cases(region_code, status, filed_on);
CREATE INDEX cases_enterprise ON cases(enterprise_id, filed_on);

CREATE TABLE case_hazards (
	case_id		INTEGER NOT NULL REFERENCES cases(id),
	hazard_id	INTEGER NOT NULL REFERENCES hazards(id),
	PRIMARY KEY (case_id, hazard_id)
) WITHOUT ROWID;
CREATE INDEX case_hazards_hazard ON case_hazards(hazard_id);

-- Each violation cites a provision (src/enforce/provision.h; the id of the catalog).
CREATE TABLE case_violations (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases(id),
	seq		INTEGER NOT NULL,
	provision_id	TEXT NOT NULL,
	item		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL,
	UNIQUE (case_id, seq)
);

-- Penalties: the amount of a fine within its provision's range for target and stage; a
-- late fee is computed when read (行政处罚法第72条), never stored.
CREATE TABLE case_penalties (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases(id),
	seq		INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('warning', 'fine', 'confiscation', 'suspension', 'license', 'closure')),
	target		TEXT NOT NULL CHECK (target IN ('unit', 'principal', 'persons', 'investor')),
	target_name	TEXT NOT NULL,
	provision_id	TEXT NOT NULL,
	stage		TEXT NOT NULL,
	accident_grade	TEXT,
	amount_fen	INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
	income_fen	INTEGER NOT NULL DEFAULT 0,
	illegal_income_fen INTEGER NOT NULL DEFAULT 0,
	base_fen	INTEGER NOT NULL DEFAULT 0,
	days		INTEGER NOT NULL DEFAULT 0,
	note		TEXT NOT NULL DEFAULT '',
	executed_on	TEXT,
	paid_fen	INTEGER,
	execution_note	TEXT,
	UNIQUE (case_id, seq)
);
CREATE INDEX case_penalties_case ON case_penalties(case_id);

-- Every step (执法全过程记录), with actor, time, note and what changed; also audited.
CREATE TABLE case_events (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases(id),
	action		TEXT NOT NULL,
	from_status	TEXT,
	to_status	TEXT NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Documents generated from the case (立案审批表 …), stored as its attachments.
CREATE TABLE case_documents (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases(id),
	kind		TEXT NOT NULL CHECK (kind IN ('filing', 'notice', 'decision', 'closing')),
	format		TEXT NOT NULL CHECK (format IN ('docx', 'pdf')),
	attachment_id	INTEGER NOT NULL REFERENCES attachments(id),
	status		TEXT NOT NULL,
	generated_by	INTEGER REFERENCES users(id),
	generated_at	INTEGER NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id, kind, format);

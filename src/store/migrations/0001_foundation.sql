-- Foundation: reference data, organisations, accounts and sessions, enterprises,
-- attachments and the hash-chained audit log.

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
);

CREATE TABLE regions (
	code		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	level		TEXT NOT NULL CHECK (level IN ('city', 'county', 'township', 'zone')),
	parent_code	TEXT REFERENCES regions(code),
	sort		INTEGER NOT NULL
);

CREATE TABLE sectors (
	code		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	sort		INTEGER NOT NULL
);

CREATE TABLE orgs (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	abbr		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL CHECK (kind IN ('city_bureau', 'district_bureau', 'department', 'legal_office')),
	region_code	TEXT NOT NULL REFERENCES regions(code),
	sectors		TEXT NOT NULL DEFAULT '',
	parent_id	INTEGER REFERENCES orgs(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

CREATE TABLE enterprises (
	id			INTEGER PRIMARY KEY,
	name			TEXT NOT NULL,
	uscc			TEXT NOT NULL UNIQUE,
	region_code		TEXT NOT NULL REFERENCES regions(code),
	sector			TEXT NOT NULL REFERENCES sectors(code),
	address			TEXT NOT NULL DEFAULT '',
	lat			REAL,
	lon			REAL,
	scale			TEXT CHECK (scale IN ('large', 'medium', 'small', 'micro')),
	employees		INTEGER,
	legal_rep		TEXT NOT NULL DEFAULT '',
	principal		TEXT NOT NULL DEFAULT '',
	principal_phone		TEXT NOT NULL DEFAULT '',
	safety_manager		TEXT NOT NULL DEFAULT '',
	hazchem			INTEGER NOT NULL DEFAULT 0,
	major_hazard_source	INTEGER NOT NULL DEFAULT 0,
	risk_color		TEXT CHECK (risk_color IN ('red', 'orange', 'yellow', 'blue')),
	supervising_org_id	INTEGER REFERENCES orgs(id),
	status			TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'voided')),
	status_reason		TEXT,
	created_at		INTEGER NOT NULL,
	updated_at		INTEGER NOT NULL
);
-- Covering indexes for the list filters and their counts: a region range alone, a risk
-- colour within a region range, a sector within a region range (src/enterprise).
CREATE INDEX enterprises_region ON enterprises(region_code, status, sector, risk_color, hazchem, major_hazard_source);
CREATE INDEX enterprises_risk ON enterprises(risk_color, region_code, status, sector, hazchem, major_hazard_source);
CREATE INDEX enterprises_sector ON enterprises(sector, region_code, status, risk_color, hazchem, major_hazard_source);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE,
	display_name	TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('admin', 'city', 'district', 'department', 'inspector', 'reviewer', 'enterprise', 'viewer')),
	org_id		INTEGER REFERENCES orgs(id),
	enterprise_id	INTEGER REFERENCES enterprises(id),
	cert_no		TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	password_hash	TEXT NOT NULL,
	failed_logins	INTEGER NOT NULL DEFAULT 0,
	locked_until	INTEGER NOT NULL DEFAULT 0,
	admin_locked	INTEGER NOT NULL DEFAULT 0,
	last_login_at	INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	token_hash	TEXT NOT NULL UNIQUE,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	client		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE attachments (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	mime		TEXT NOT NULL,
	filename	TEXT NOT NULL,
	entity		TEXT,
	entity_id	INTEGER,
	uploaded_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL
);
CREATE INDEX attachments_entity ON attachments(entity, entity_id);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	action		TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	INTEGER,
	changes		TEXT NOT NULL,
	client		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_at ON audit(at);

-- The chain's head, written in the same transaction as each audit row, so that removing
-- the newest rows is detected too.
CREATE TABLE audit_head (
	one		INTEGER PRIMARY KEY CHECK (one = 1),
	last_id		INTEGER NOT NULL,
	last_hash	TEXT NOT NULL,
	count		INTEGER NOT NULL
);
INSERT INTO audit_head (one, last_id, last_hash, count) VALUES (1, 0, '', 0);

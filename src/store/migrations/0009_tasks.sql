-- The responsibility system (责任体系): plans (行动方案, department sub-plans, 年度任务清单),
-- their tasks with co-owners, progress reports and timeline, responsibility lists (职责清单:
-- an org's 管行业/管业务/管生产经营 duties, an enterprise's duties per post), and the
-- yearly assessments of orgs (考核). Names and states: ../shared/docs/DOMAIN.md; the rules:
-- src/duty/.
--
-- Scope: a record of an org belongs to that org's region, copied into region_code when it
-- is written (a plan: the issuing org's; a task: the owner org's; an assessment: the
-- assessed org's; a duty: its org's or its enterprise's, with the enterprise's sector and
-- id). src/duty/duty.h says who sees what.

-- A plan: issued by an org for a period; a department sub-plan hangs under the city plan
-- (parent_id). region_lo/region_hi: the region range the plan applies to (the issuing
-- org's subtree, src/auth/scope.c region_range), so that those below it see it.
CREATE TABLE plans (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('action_plan', 'annual_tasks', 'special')),
	title		TEXT NOT NULL,
	doc_no		TEXT NOT NULL DEFAULT '',
	issuer_org_id	INTEGER NOT NULL REFERENCES orgs(id),
	region_code	TEXT NOT NULL,
	region_lo	TEXT NOT NULL,
	region_hi	TEXT NOT NULL,
	parent_id	INTEGER REFERENCES plans(id),
	period_from	TEXT NOT NULL,
	period_to	TEXT NOT NULL,
	description	TEXT NOT NULL DEFAULT '',
	attachments	TEXT NOT NULL DEFAULT '[]',
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK (period_to >= period_from),
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX plans_region ON plans(region_code, id);
CREATE INDEX plans_issuer ON plans(issuer_org_id, id);
CREATE INDEX plans_parent ON plans(parent_id) WHERE parent_id IS NOT NULL;

-- A task of a plan, owned by one org (牵头单位) with co-owners (配合单位, task_coowners).
-- sector: for the notifications' address (a department owner's first sector, else '').
-- Overdue is not stored: due_on < today (Asia/Shanghai) and status <> 'done'.
CREATE TABLE tasks (
	id		INTEGER PRIMARY KEY,
	plan_id		INTEGER NOT NULL REFERENCES plans(id),
	title		TEXT NOT NULL,
	owner_org_id	INTEGER NOT NULL REFERENCES orgs(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL DEFAULT '',
	due_on		TEXT NOT NULL,
	target		TEXT NOT NULL DEFAULT '',
	weight		INTEGER NOT NULL DEFAULT 1 CHECK (weight > 0),
	description	TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL CHECK (status IN ('assigned', 'in_progress', 'done')),
	percent		INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
	done_on		TEXT,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK ((status = 'done') = (done_on IS NOT NULL))
);
-- The list and the board: a region range, by status and due date; a plan's tasks; an
-- owner's tasks (department scope, assessments' task item).
CREATE INDEX tasks_region ON tasks(region_code, status, due_on);
CREATE INDEX tasks_plan ON tasks(plan_id, status, due_on);
CREATE INDEX tasks_owner ON tasks(owner_org_id, due_on);
-- Open tasks by due date, for the daily notifications.
CREATE INDEX tasks_open_due ON tasks(due_on) WHERE status <> 'done';

CREATE TABLE task_coowners (
	task_id		INTEGER NOT NULL REFERENCES tasks(id),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (task_id, org_id)
) WITHOUT ROWID;
CREATE INDEX task_coowners_org ON task_coowners(org_id, task_id);

-- Progress reports (进展报告) by the owner or a co-owner; `final` marks the report that
-- completed the task.
CREATE TABLE task_progress (
	id		INTEGER PRIMARY KEY,
	task_id		INTEGER NOT NULL REFERENCES tasks(id),
	org_id		INTEGER REFERENCES orgs(id),
	percent		INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
	text		TEXT NOT NULL,
	attachments	TEXT NOT NULL DEFAULT '[]',
	final		INTEGER NOT NULL DEFAULT 0,
	reported_by	INTEGER REFERENCES users(id),
	reporter_name	TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX task_progress_task ON task_progress(task_id, id);

-- Every step (assign, start, report, complete, reopen), as supervision_events; also audited.
CREATE TABLE task_events (
	id		INTEGER PRIMARY KEY,
	task_id		INTEGER NOT NULL REFERENCES tasks(id),
	action		TEXT NOT NULL,
	from_status	TEXT,
	to_status	TEXT NOT NULL,
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX task_events_task ON task_events(task_id, id);

-- Responsibility lists (职责清单): an org's duties (kind industry 管行业, business 管业务,
-- production 管生产经营) or an enterprise's duties per post (kind post, 全员安全生产责任制).
-- Retired rather than deleted.
CREATE TABLE duties (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER REFERENCES orgs(id),
	enterprise_id	INTEGER REFERENCES enterprises(id),
	region_code	TEXT NOT NULL,
	sector		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL CHECK (kind IN ('industry', 'business', 'production', 'post')),
	post		TEXT NOT NULL DEFAULT '',
	content		TEXT NOT NULL,
	legal_basis	TEXT NOT NULL DEFAULT '',
	sort		INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
	retired_reason	TEXT,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	CHECK ((org_id IS NULL) <> (enterprise_id IS NULL)),
	CHECK ((kind = 'post') = (enterprise_id IS NOT NULL)),
	CHECK (kind <> 'post' OR post <> '')
);
CREATE INDEX duties_org ON duties(org_id, status, sort) WHERE org_id IS NOT NULL;
CREATE INDEX duties_enterprise ON duties(enterprise_id, status, sort) WHERE enterprise_id IS NOT NULL;
CREATE INDEX duties_region ON duties(region_code, sector);

-- Yearly assessments (考核) of an org by an assessing org: items with weights (points,
-- summing to 100) and scores in hundredths of a point; veto items (一票否决). The grade
-- thresholds in force are kept with each assessment (excellent_min_c, pass_min_c, in
-- hundredths); new ones take the settings row 'assessment.thresholds'
-- ({"excellent":90,"pass":70}) or those defaults.
CREATE TABLE assessments (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	assessor_org_id	INTEGER NOT NULL REFERENCES orgs(id),
	year		INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	region_code	TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('draft', 'final')),
	excellent_min_c	INTEGER NOT NULL,
	pass_min_c	INTEGER NOT NULL,
	total_c		INTEGER,
	grade		TEXT CHECK (grade IN ('excellent', 'pass', 'fail')),
	vetoed		INTEGER NOT NULL DEFAULT 0,
	note		TEXT NOT NULL DEFAULT '',
	finalized_at	INTEGER,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (org_id, year),
	CHECK (pass_min_c <= excellent_min_c),
	CHECK ((status = 'final') = (grade IS NOT NULL))
);
CREATE INDEX assessments_region ON assessments(region_code, year);
CREATE INDEX assessments_year ON assessments(year, org_id);

CREATE TABLE assessment_items (
	assessment_id	INTEGER NOT NULL REFERENCES assessments(id),
	seq		INTEGER NOT NULL,
	name		TEXT NOT NULL,
	weight		INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
	score_c		INTEGER CHECK (score_c IS NULL OR (score_c >= 0 AND score_c <= weight * 100)),
	veto		INTEGER NOT NULL DEFAULT 0,
	failed		INTEGER NOT NULL DEFAULT 0,
	source		TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'task_completion')),
	basis		TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (assessment_id, seq),
	CHECK (veto = 0 OR weight = 0),
	CHECK (veto = 1 OR failed = 0)
) WITHOUT ROWID;

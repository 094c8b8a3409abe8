-- The annual rule-of-law report's template (述法报告), per bureau region and year, as users
-- edit it in the UI; without a row the built-in default (data/report/annual-default.md)
-- applies. The body is text with placeholders such as {{hazards.found|wan}}
-- (src/report/annual.c). Deleting the row returns to the default; both are audited.
CREATE TABLE report_templates (
	id		INTEGER PRIMARY KEY,
	region_code	TEXT NOT NULL REFERENCES regions(code),
	year		INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	body		TEXT NOT NULL,
	updated_by	INTEGER REFERENCES users(id),
	updated_at	INTEGER NOT NULL,
	UNIQUE (region_code, year)
);

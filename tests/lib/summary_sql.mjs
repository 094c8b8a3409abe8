// Test helper: the annual summary's figures counted independently, in SQL written here
// from the definitions of docs/api.md ("Annual summary"), over a database file — so a test
// can check GET /stats/summary against counts the server did not make.
import { sql, sqlNumber as one } from './demo.mjs';

/** Rows of [key, n…] as {key: [n…]} with numbers. */
const keyed = (dbPath, query) => Object.fromEntries(
    sql(dbPath, query).map(([k, ...ns]) => [k, ns.map(Number)]));

/** The region range [lo, hi) of a region code, as the server's scope uses it. */
export function regionRange(code) {
	const c = code.replace(/(00)+$/, '');
	const lo = c.length < 6 && code.length === 6 ? c : code;
	const last = lo.charCodeAt(lo.length - 1);
	return { lo, hi: lo.slice(0, -1) + String.fromCharCode(last + 1) };
}

/**
 * The figures of the summary for a year and a region (its whole subtree), as of a day:
 * { hazards: {found, rectified, major_found, major_rectified}, enforcement: {cases,
 * fines_fen, by_mode}, supervision: {kind: n}, activities: {kind: {sessions, participants,
 * enterprises, inspections}}, accidents: {grade: n}, staff: {added, added_city} }.
 */
export function countSummary(dbPath, { year, asOf, region }) {
	const { lo, hi } = regionRange(region);
	const from = `${year}-01-01`;
	const to = `${year}-12-31`;
	const endOfAsOf = Date.parse(`${asOf}T00:00:00+08:00`) + 86400e3; // exclusive
	const inRange = (col) => `${col} >= '${lo}' AND ${col} < '${hi}'`;
	const found = `status <> 'voided' AND found_on BETWEEN '${from}' AND '${to}' AND ${inRange('region_code')}`;
	const hazards = {
		found: one(dbPath, `SELECT count(*) FROM hazards WHERE ${found}`),
		rectified: one(dbPath, `SELECT count(*) FROM hazards WHERE ${found} AND status = 'closed' AND closed_at < ${endOfAsOf}`),
		major_found: one(dbPath, `SELECT count(*) FROM hazards WHERE ${found} AND level = 'major'`),
		major_rectified: one(dbPath, `SELECT count(*) FROM hazards WHERE ${found} AND level = 'major' AND status = 'closed' AND closed_at < ${endOfAsOf}`),
	};
	const filed = `c.status <> 'revoked' AND c.filed_on BETWEEN '${from}' AND '${to}' AND ${inRange('c.region_code')}`;
	const byMode = { campaign: 0, concentrated: 0, joint: 0, routine: 0 };
	for (const [k, [n]] of Object.entries(keyed(dbPath, `SELECT mode, count(*) FROM cases c WHERE ${filed} GROUP BY mode`)))
		byMode[k] = n;
	const enforcement = {
		cases: one(dbPath, `SELECT count(*) FROM cases c WHERE ${filed}`),
		fines_fen: one(dbPath, `SELECT coalesce(sum(p.amount_fen), 0) FROM case_penalties p JOIN cases c ON c.id = p.case_id WHERE ${filed} AND p.kind = 'fine' AND c.status IN ('decided', 'executing', 'closed')`),
		by_mode: byMode,
	};
	const supervision = { listing: 0, interview: 0, warning: 0, notice: 0, inspection: 0 };
	for (const [k, [n]] of Object.entries(keyed(dbPath, `SELECT kind, count(*) FROM supervisions WHERE issued_on BETWEEN '${from}' AND '${to}' AND ${inRange('region_code')} GROUP BY kind`)))
		supervision[k] = n;
	const activities = {};
	const dated = `a.voided = 0 AND a.activity_date BETWEEN '${from}' AND '${to}' AND ${inRange('a.region_code')}`;
	for (const [k, [s, p]] of Object.entries(keyed(dbPath, `SELECT kind, sum(sessions), sum(participants) FROM activities a WHERE ${dated} GROUP BY kind`)))
		activities[k] = { sessions: s, participants: p, enterprises: 0, inspections: 0 };
	for (const [k, [n]] of Object.entries(keyed(dbPath, `SELECT a.kind, count(DISTINCT x.enterprise_id) FROM activities a JOIN activity_enterprises x ON x.activity_id = a.id WHERE ${dated} GROUP BY a.kind`)))
		activities[k].enterprises = n;
	for (const [k, [n]] of Object.entries(keyed(dbPath, `SELECT a.kind, count(DISTINCT y.inspection_id) FROM activities a JOIN activity_inspections y ON y.activity_id = a.id WHERE ${dated} GROUP BY a.kind`)))
		activities[k].inspections = n;
	const accidents = { general: 0, larger: 0, major: 0, especially_major: 0 };
	for (const [k, [n]] of Object.entries(keyed(dbPath, `SELECT grade, count(*) FROM accidents WHERE occurred_on BETWEEN '${from}' AND '${to}' AND ${inRange('region_code')} GROUP BY grade`)))
		accidents[k] = n;
	const staffRows = sql(dbPath, `SELECT o.kind FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.joined_on BETWEEN '${from}' AND '${to}' AND u.admin_locked = 0 AND o.kind IN ('city_bureau', 'district_bureau') AND ${inRange('o.region_code')}`);
	const staff = { added: staffRows.length, added_city: staffRows.filter(([k]) => k === 'city_bureau').length };
	return { hazards, enforcement, supervision, activities, accidents, staff };
}

/** The part of a summary the counts above cover, to compare with deepEqual. */
export function comparable(s) {
	const activities = {};
	for (const [k, v] of Object.entries(s.activities))
		if (v.activities > 0)
			activities[k] = { sessions: v.sessions, participants: v.participants,
				enterprises: v.enterprises, inspections: v.inspections };
	const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
	return {
		hazards: pick(s.hazards, ['found', 'rectified', 'major_found', 'major_rectified']),
		enforcement: { cases: s.enforcement.cases, fines_fen: s.enforcement.fines_fen,
			by_mode: s.enforcement.by_mode },
		supervision: pick(s.supervision, ['listing', 'interview', 'warning', 'notice', 'inspection']),
		activities,
		accidents: pick(s.accidents, ['general', 'larger', 'major', 'especially_major']),
		staff: s.staff,
	};
}

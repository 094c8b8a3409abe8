// The annual report of the demo city (Ordos 2024, `anjian demo`): every figure of the
// table in ../shared/docs/PRODUCT.md appears in the generated report exactly as the model
// report writes it — in the Markdown, in the .docx (as LibreOffice reads it) and in the
// PDF (as pdftotext reads it) — and the summary behind it equals counts made here in SQL
// over the same database, for the whole city and for one district.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { demoDb } from '../lib/demo.mjs';
import { checkDocx, pdfText, writerPdf } from '../lib/files.mjs';
import { api, DEMO, loginAll, startServer, tmpDir } from '../lib/server.mjs';
import { comparable, countSummary } from '../lib/summary_sql.mjs';

let srv, tok, dir;

// The model report's sentences with its figures (PRODUCT.md "The figures the demo city
// must reproduce"), as the default template words them.
const FIGURES = [
	'累计排查隐患问题9.11万项、已完成整改8.58万项',
	'其中重大事故隐患339项，已完成整改333项',
	'立案查处832起，罚款7125余万元',
	'举办专题培训200余场，培训各级领导干部1.08万人次',
	'开展安全生产宣讲3500多场，覆盖9个旗区、3400多家企业，受众13.8万余人次',
	'开展重点领域企业负责人安全培训333场次，参加2.12万人次',
	'组织重大事故隐患判定标准宣贯解读151场次，参加1.87万人次',
	'开展疏散逃生演练122场次，参加1.18万人次',
	'开展农牧机械、沼气使用、自建房安全宣教活动140场次，参加4454人次',
	'开展“进门入户送安全”宣传活动2204场次，参加8041人次，组织安全检查555次',
	'开展校舍安全隐患排查157次，组织学校避险逃生培训和演练233场次，参加13.89万人次',
	'对工作落实不到位的2个旗区进行约谈，发出警示提醒12次，对3起生产安全事故进行挂牌督办',
	'对17家冲击地压矿井进行健康体检，对53家危险化学品重点企业开展安全风险评估',
	'充实129名专业人才（市本级31名）',
	'和28个部门子方案',
];

before(async () => {
	srv = await startServer({ dbPath: await demoDb() });
	tok = await loginAll(srv.base, ['city', 'district']);
	dir = tmpDir('anjian-annual-demo-');
});

after(async () => {
	await srv?.stop();
});

const report = (format, role = 'city') => api(srv.base, tok[role], 'GET', '/api/v1/reports/annual',
    undefined, { query: { year: 2024, format } });

test('every figure of PRODUCT.md is in the Markdown report as the model writes it', async () => {
	const r = await report('md');
	assert.equal(r.status, 200, r.text);
	assert.ok(r.text.startsWith('# 鄂尔多斯市应急管理局2024年度述法报告\n'));
	for (const f of FIGURES)
		assert.ok(r.text.includes(f), `the report says: ${f}`);
});

test('the .docx (opened by LibreOffice) and the PDF carry the same figures', async () => {
	let r = await report('docx');
	assert.equal(r.status, 200, r.text);
	const docx = path.join(dir, 'annual-2024.docx');
	fs.writeFileSync(docx, r.bytes);
	checkDocx(docx, ['鄂尔多斯市应急管理局2024年度述法报告', '9.11万项', '7125余万元']);
	const writer = pdfText(writerPdf(docx, dir));
	r = await report('pdf');
	assert.equal(r.status, 200, r.text);
	const pdf = path.join(dir, 'annual-2024.pdf');
	fs.writeFileSync(pdf, r.bytes);
	const text = pdfText(pdf);
	for (const f of FIGURES) {
		assert.ok(writer.includes(f), `LibreOffice's reading of the .docx says: ${f}`);
		assert.ok(text.includes(f), `the PDF says: ${f}`);
	}
});

test('the summary equals counts made in SQL, for the city and for 东胜区', async () => {
	for (const [role, region] of [['city', DEMO.city], ['district', DEMO.district]]) {
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/summary', undefined,
		    { query: { year: 2024 } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.as_of, '2024-12-31');
		assert.deepEqual(comparable(r.json),
		    countSummary(srv.dbPath, { year: 2024, asOf: '2024-12-31', region }), role);
		if (role === 'district') {
			assert.ok(r.json.hazards.found > 0 && r.json.hazards.found < 91000,
			    `a district's share of the hazards: ${r.json.hazards.found}`);
			const md = await report('md', 'district');
			assert.ok(md.text.startsWith('# 东胜区应急管理局2024年度述法报告'));
			assert.ok(md.text.includes(`累计排查隐患问题${r.json.hazards.found >= 10000
				? `${(Math.round(r.json.hazards.found / 100) / 100).toFixed(2)}万`
				: r.json.hazards.found}项`), 'the district report has its own count');
		}
	}
});

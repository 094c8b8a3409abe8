// Attachments: raw and multipart uploads, type sniffing, scoped reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, loginAll, sha256, startServer, tinyPng,
} from '../lib/server.mjs';

let srv;
let tok;
let own;		// the demo enterprise user's enterprise (东胜区)
let neighbour;		// another 东胜区 enterprise, of a sector the department does not supervise
let far;		// an enterprise of 康巴什区
const png = tinyPng();

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'district', 'department', 'enterprise', 'viewer',
		'inspector']);
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	const { items } = await listAll(srv.base, tok.admin, '/api/v1/enterprises');
	own = items.find((e) => e.id === me.json.user.enterprise_id);
	neighbour = items.find((e) => e.id !== own.id && e.region_code.startsWith(DEMO.district) &&
	    !DEMO.departmentSectors.includes(e.sector));
	far = items.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(own && neighbour && far);
});

after(async () => {
	await srv?.stop();
});

const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

function uploadRaw(token, bytes, { filename = 'x.png', entityId, contentType = 'image/png' } = {}) {
	const q = new URLSearchParams({ filename });
	if (entityId !== undefined) {
		q.set('entity', 'enterprise');
		q.set('entity_id', String(entityId));
	}
	return api(srv.base, token, 'POST', `/api/v1/attachments?${q}`, bytes,
	    { headers: { 'Content-Type': contentType } });
}

test('a raw PNG upload is 201 with the bytes\' sha256, size and mime image/png', async () => {
	const r = await uploadRaw(tok.district, png, { filename: '现场照片.png', entityId: neighbour.id });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.sha256, sha256(png));
	assert.equal(r.json.size, png.length);
	assert.equal(r.json.mime, 'image/png');
	assert.equal(r.json.filename, '现场照片.png');
	assert.equal(r.json.entity, 'enterprise');
	assert.equal(r.json.entity_id, neighbour.id);
	assert.ok(Number.isInteger(r.json.id));
});

test('a multipart/form-data upload (field file) is 201 with the same sha256', async () => {
	const form = new FormData();
	form.append('note', 'ignored');
	form.append('file', new Blob([png], { type: 'image/png' }), 'multi.png');
	const r = await api(srv.base, tok.district, 'POST',
	    `/api/v1/attachments?entity=enterprise&entity_id=${neighbour.id}`, form);
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.sha256, sha256(png));
	assert.equal(r.json.size, png.length);
	assert.equal(r.json.mime, 'image/png');
	assert.equal(r.json.filename, 'multi.png');
	const back = await api(srv.base, tok.district, 'GET', `/api/v1/attachments/${r.json.id}`);
	assert.equal(back.status, 200);
	assert.ok(back.bytes.equals(png), 'the stored file is exactly the uploaded part');
});

test('a multipart body without a file field is 422 naming file', async () => {
	const form = new FormData();
	form.append('other', new Blob([png]), 'x.png');
	const r = await api(srv.base, tok.district, 'POST', '/api/v1/attachments', form);
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['file']);
});

test('a text file renamed .png is 415', async () => {
	const text = Buffer.from('这不是图片,只是文字。\nnot an image\n', 'utf8');
	const r = await uploadRaw(tok.district, text, { filename: 'fake.png', entityId: neighbour.id });
	assert.equal(r.status, 415, r.text);
	assert.equal(r.json.error.code, 'unsupported_media_type');
	const form = new FormData();
	form.append('file', new Blob([text], { type: 'image/png' }), 'fake.png');
	const m = await api(srv.base, tok.district, 'POST', '/api/v1/attachments', form);
	assert.equal(m.status, 415, m.text);
});

test('a zip that is neither DOCX nor XLSX is 415', async () => {
	// A minimal empty zip archive (end-of-central-directory record only) with a local header.
	const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26),
		Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);
	const r = await uploadRaw(tok.district, zip, { filename: 'x.docx',
		contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
	assert.equal(r.status, 415, r.text);
});

test('an empty upload is 422 naming file', async () => {
	const r = await uploadRaw(tok.district, Buffer.alloc(0));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['file']);
});

test('GET of the attachment returns identical bytes with its type; download=1 as attachment', async () => {
	const up = await uploadRaw(tok.enterprise, png, { filename: 'own.png', entityId: own.id });
	assert.equal(up.status, 201, up.text);
	const r = await api(srv.base, tok.enterprise, 'GET', `/api/v1/attachments/${up.json.id}`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers.get('content-type'), 'image/png');
	assert.ok(r.bytes.equals(png), 'identical bytes');
	assert.equal(sha256(r.bytes), up.json.sha256);
	assert.match(r.headers.get('content-disposition') || '', /^inline/);
	const d = await api(srv.base, tok.enterprise, 'GET',
	    `/api/v1/attachments/${up.json.id}?download=1`);
	assert.match(d.headers.get('content-disposition') || '', /^attachment/);
	assert.match(d.headers.get('content-disposition'), /own\.png/);
	assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
});

test('a user outside the enterprise\'s scope gets 404 on GET (file and list)', async () => {
	const up = await uploadRaw(tok.district, png, { entityId: neighbour.id });
	assert.equal(up.status, 201, up.text);
	const id = up.json.id;
	for (const role of ['enterprise', 'department']) {
		const r = await api(srv.base, tok[role], 'GET', `/api/v1/attachments/${id}`);
		assert.equal(r.status, 404, `${role}: ${r.status} ${r.text.slice(0, 200)}`);
		assert.ok(!r.bytes.equals(png));
		const l = await api(srv.base, tok[role], 'GET',
		    `/api/v1/attachments?entity=enterprise&entity_id=${neighbour.id}`);
		assert.equal(l.status, 404, `${role} list: ${l.text}`);
	}
	for (const role of ['admin', 'district', 'inspector', 'viewer']) {
		const r = await api(srv.base, tok[role], 'GET', `/api/v1/attachments/${id}`);
		assert.equal(r.status, 200, `${role}: ${r.text.slice(0, 200)}`);
		assert.ok(r.bytes.equals(png));
	}
});

test('the metadata list of an enterprise lists its attachments', async () => {
	const a = await uploadRaw(tok.admin, png, { filename: 'a.png', entityId: far.id });
	const b = await uploadRaw(tok.admin, png, { filename: 'b.png', entityId: far.id });
	const r = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/attachments?entity=enterprise&entity_id=${far.id}`);
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json.items.map((x) => x.id), [a.json.id, b.json.id]);
	assert.equal(r.json.total, 2);
	assert.deepEqual(r.json.items.map((x) => x.filename), ['a.png', 'b.png']);
});

test('an upload without an entity is readable by its uploader and the admin only', async () => {
	const up = await uploadRaw(tok.district, png, { filename: 'loose.png' });
	assert.equal(up.status, 201, up.text);
	assert.equal(up.json.entity, null);
	assert.equal((await api(srv.base, tok.district, 'GET', `/api/v1/attachments/${up.json.id}`)).status, 200);
	assert.equal((await api(srv.base, tok.admin, 'GET', `/api/v1/attachments/${up.json.id}`)).status, 200);
	assert.equal((await api(srv.base, tok.inspector, 'GET', `/api/v1/attachments/${up.json.id}`)).status, 404);
});

test('the viewer may not upload (403)', async () => {
	const r = await uploadRaw(tok.viewer, png, { entityId: own.id });
	assert.equal(r.status, 403, r.text);
	assert.equal(r.json.error.code, 'forbidden');
	const l = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/attachments?entity=enterprise&entity_id=${own.id}`);
	const me = await api(srv.base, tok.viewer, 'GET', '/api/v1/me');
	assert.ok(!l.json.items.some((x) => x.uploaded_by === me.json.user.id), 'nothing stored');
});

test('uploading to an enterprise outside the caller\'s scope is 422 naming entity_id', async () => {
	const before = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/attachments?entity=enterprise&entity_id=${far.id}`);
	for (const [role, target] of [['district', far], ['enterprise', neighbour],
	    ['department', neighbour]]) {
		const r = await uploadRaw(tok[role], png, { entityId: target.id });
		assert.equal(r.status, 422, `${role}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), ['entity_id']);
	}
	const missing = await uploadRaw(tok.admin, png, { entityId: 99999999 });
	assert.equal(missing.status, 422, missing.text);
	assert.deepEqual(fieldsOf(missing), ['entity_id']);
	const afterList = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/attachments?entity=enterprise&entity_id=${far.id}`);
	assert.equal(afterList.json.total, before.json.total, 'nothing linked');
});

test('an unknown entity kind is 422 naming entity', async () => {
	const r = await api(srv.base, tok.admin, 'POST',
	    '/api/v1/attachments?filename=x.png&entity=spaceship&entity_id=1', png,
	    { headers: { 'Content-Type': 'image/png' } });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['entity']);
});

test('a path in the filename is reduced to its last component', async () => {
	const r = await uploadRaw(tok.admin, png, { filename: '../../etc/passwd.png' });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.filename, 'passwd.png');
});

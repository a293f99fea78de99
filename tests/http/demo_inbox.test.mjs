// demo_inbox.test.mjs - `motcua demo` tells visitors it is a demo with
// sample data and how to stop it, and shows every email and SMS the
// platform sent at /quan-tri/hop-thu-demo, taken by the demo gateway
// (labelled as such, nothing leaves the machine): a newcomer finishes the
// anonymous feedback flow with the code found there (issue 12).  `motcua
// serve` has no such page, and without settings sends nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, getForm, postForm, dbRows, motcuaBin } from './lib/server.mjs';
import { solveChallenge, toRecipient } from './lib/feedback-helpers.mjs';

let demo;
let serve;

before(async () => {
  demo = await startServer({ command: 'demo', startTimeoutMs: 90000 });
  serve = await startServer();
});

after(async () => {
  await demo?.stop();
  await serve?.stop();
});

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('every demo page carries the banner: sample data, the inbox, how to stop', async () => {
  for (const path of ['/', '/thu-tuc', '/phan-anh/gui']) {
    const page = await getForm(demo.url, path);
    assert.equal(page.status, 200, path);
    const banner = /<aside class="demo-banner"[\s\S]*?<\/aside>/.exec(page.html);
    assert.ok(banner, `${path} has the demo banner`);
    assert.match(text(banner[0]), /dữ liệu mẫu/);
    assert.match(text(banner[0]), /Ctrl\+C/);
    assert.match(banner[0], /href="\/quan-tri\/hop-thu-demo"/);
  }
  assert.match(demo.output(), /Dừng bản chạy thử: nhấn Ctrl\+C/);
  assert.match(demo.output(), /\/quan-tri\/hop-thu-demo/);
});

test('the anonymous feedback flow is finished with the code from the demo inbox', async () => {
  const jar = {};
  const fields = {
    kind: 'phan_anh', category: 'thu_tuc', title: 'Hỏi về lệ phí cấp bản sao',
    body: 'Tôi muốn biết lệ phí cấp bản sao trích lục khai sinh là bao nhiêu.',
    agency: 'T20.STP', procedure: '', dossier: '', sender_name: 'Lường Văn Tâm',
    contact: '0987654321', consent: '1',
  };
  const page = await getForm(demo.url, '/phan-anh/gui', jar);
  const ask = await postForm(demo.url, '/phan-anh/ma-xac-minh', {
    csrf: page.csrf, ...fields, challenge: solveChallenge(page.html),
    challenge_token: /name="challenge_token" value="([^"]+)"/.exec(page.html)[1],
  }, jar);
  assert.equal(ask.status, 200, ask.html);

  // the demo gateway takes it within a moment of the request
  let msg = '';
  for (let i = 0; i < 100 && !/đã gửi/.test(msg); i++) {
    if (i) await new Promise((r) => setTimeout(r, 200));
    const inbox = await getForm(demo.url, '/quan-tri/hop-thu-demo');
    assert.equal(inbox.status, 200);
    const item = /<li class="inbox-item"[\s\S]*?<\/li>/.exec(inbox.html);
    assert.ok(item, 'the newest message is listed');
    msg = text(item[0]);
  }
  assert.match(msg, /Tin nhắn SMS/);
  assert.match(msg, /0987654321/);
  assert.match(msg, /đã gửi – qua cổng gửi thử của bản chạy thử, không gửi ra ngoài/);
  const otp = /là (\d{6})/.exec(msg);
  assert.ok(otp, `the code is readable: ${msg}`);

  // a search by the number typed finds it; another number finds nothing
  const found = await getForm(demo.url, '/quan-tri/hop-thu-demo?gui-toi=0987654321');
  assert.match(found.html, new RegExp(`là ${otp[1]}`));
  assert.match(found.html, /value="0987654321"/);
  const none = await getForm(demo.url, '/quan-tri/hop-thu-demo?gui-toi=0900000000');
  assert.match(none.html, /data-test="inbox-empty">Không có thư hay tin nhắn nào gửi tới/);
  const res = await postForm(demo.url, '/phan-anh/gui', { csrf: page.csrf, ...fields,
    otp: otp[1] }, jar);
  assert.equal(res.status, 303, res.html);
  assert.match(res.location, /^\/phan-anh\/theo-doi\/PA-/);
});

test('demo messages are taken by the demo gateway, labelled so, with their text kept',
  async () => {
    let states = [];
    let inbox;
    for (let i = 0; i < 100; i++) {
      inbox = await getForm(demo.url, '/quan-tri/hop-thu-demo');
      states = [...inbox.html.matchAll(/data-test="state">([^<]+)/g)].map((m) => m[1].trim());
      if (states.length >= 2 && states.every((s) => !/chưa gửi/.test(s))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(states.length >= 2, 'the demo data queued messages too');
    for (const s of states) {
      assert.equal(s, 'đã gửi – qua cổng gửi thử của bản chạy thử, không gửi ra ngoài');
    }
    const bodies = [...inbox.html.matchAll(/data-test="body">([^<]*)/g)].map((m) => m[1]);
    assert.ok(bodies.every((b) => b.trim().length > 0), 'each text is kept for the inbox');
  });

test('serve without settings sends nothing: a queued message stays "chưa gửi"', async () => {
  const runs = async () => Number(/motcua_job_runs_total\{job="outbox"\} (\d+)/
    .exec(await (await fetch(`${serve.url}/metrics`)).text())?.[1] || 0);
  execFileSync(motcuaBin(), ['notify', 'send', '--channel', 'sms', '--to', '0900000099',
    '--body', 'Thử', '--db', serve.db, '--data-dir', serve.tmpdir],
    { env: { ...process.env, MOTCUA_TEST: '1' },
    stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = await runs();
  for (let i = 0; i < 150 && await runs() < seen + 2; i++) {   // two outbox rounds later
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(await runs() >= seen + 2, 'the outbox ran');
  const [row] = dbRows(serve.db,
    `SELECT state, provider FROM notify_outbox WHERE ${toRecipient(serve, '0900000099')}`);
  assert.equal(row.state, 'queued');
  assert.equal(row.provider, '');
});

test('serve has no demo inbox and no demo banner', async () => {
  const inbox = await getForm(serve.url, '/quan-tri/hop-thu-demo');
  assert.equal(inbox.status, 404);
  const home = await getForm(serve.url, '/');
  assert.doesNotMatch(home.html, /demo-banner/);
  assert.doesNotMatch(home.html, /hop-thu-demo/);
});

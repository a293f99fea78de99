// demo_inbox.test.mjs - `motcua demo` tells visitors it is a demo with
// sample data and how to stop it, and shows every email and SMS the
// platform would have sent at /quan-tri/hop-thu-demo, never as "sent":
// a newcomer finishes the anonymous feedback flow with the code found
// there (issue 12).  `motcua serve` has no such page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import { solveChallenge } from './lib/feedback-helpers.mjs';

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

  const inbox = await getForm(demo.url, '/quan-tri/hop-thu-demo');
  assert.equal(inbox.status, 200);
  const item = /<li class="inbox-item"[\s\S]*?<\/li>/.exec(inbox.html);
  assert.ok(item, 'the newest message is listed');
  const msg = text(item[0]);
  assert.match(msg, /Tin nhắn SMS/);
  assert.match(msg, /0987654321/);
  assert.match(msg, /chưa gửi/);
  const otp = /là (\d{6})/.exec(msg);
  assert.ok(otp, `the code is readable: ${msg}`);

  const res = await postForm(demo.url, '/phan-anh/gui', { csrf: page.csrf, ...fields,
    otp: otp[1] }, jar);
  assert.equal(res.status, 303, res.html);
  assert.match(res.location, /^\/phan-anh\/theo-doi\/PA-/);
});

test('no message in the demo is shown as sent: no gateway delivered any', async () => {
  const inbox = await getForm(demo.url, '/quan-tri/hop-thu-demo');
  const states = [...inbox.html.matchAll(/data-test="state">([^<–]+)/g)].map((m) => m[1].trim());
  assert.ok(states.length >= 2, 'the demo data queued messages too');
  for (const s of states) assert.equal(s, 'chưa gửi');
  assert.doesNotMatch(text(inbox.html), /đã gửi/);
});

test('serve has no demo inbox and no demo banner', async () => {
  const inbox = await getForm(serve.url, '/quan-tri/hop-thu-demo');
  assert.equal(inbox.status, 404);
  const home = await getForm(serve.url, '/');
  assert.doesNotMatch(home.html, /demo-banner/);
  assert.doesNotMatch(home.html, /hop-thu-demo/);
});

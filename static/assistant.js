/* assistant.js - turns the assistant's question form into a chat: on every
   public page a "Trợ lý ảo" button opens a panel; on /tro-ly the page
   itself becomes the chat.  Only an enhancement: without JavaScript the
   forms open /tro-ly?q=..., which answers on the server.
   Questions go to POST /api/v1/assistant with the page's CSRF token in
   X-CSRF-Token (the browser sends cookies).  Text is inserted with
   textContent only, never as HTML. */
(function () {
  'use strict';
  if (!window.fetch || !window.JSON) return;

  var SESSION_KEY = 'motcua-assistant-session';

  function session() {
    var s = null;
    try { s = window.sessionStorage.getItem(SESSION_KEY); } catch (e) { s = null; }
    if (!s) {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      s = Array.prototype.map.call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      }).join('');
      try { window.sessionStorage.setItem(SESSION_KEY, s); } catch (e) { /* private mode */ }
    }
    return s;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    });
  }

  /* Paragraphs and lists from the answer's lines ("- " starts an item). */
  function renderText(box, text) {
    var list = null;
    text.split('\n').forEach(function (line) {
      if (line.indexOf('- ') === 0) {
        if (!list) { list = el('ul'); box.appendChild(list); }
        list.appendChild(el('li', null, line.slice(2)));
      } else if (line.trim()) {
        list = null;
        box.appendChild(el('p', null, line));
      }
    });
  }

  function Chat(root, form, log, csrf) {
    this.root = root;
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    this.log = log;
    this.csrf = csrf;
    this.last = '';
    var self = this;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var q = self.input.value.trim();
      if (!q) { self.input.focus(); return; }
      self.input.value = '';
      self.ask(q, null);
    });
  }

  Chat.prototype.say = function (who, text) {
    var p = el('p', who === 'you' ? 'asst-you' : 'asst-note');
    if (who === 'you') p.appendChild(el('span', 'visually-hidden', 'Bạn hỏi: '));
    p.appendChild(document.createTextNode(text));
    this.log.appendChild(p);
    this.log.scrollTop = this.log.scrollHeight;
    return p;
  };

  Chat.prototype.ask = function (q, intent) {
    var self = this;
    this.last = q;
    this.say('you', q);
    var wait = this.say('note', 'Đang tìm câu trả lời…');
    var body = { message: q, session: session() };
    if (intent) body.intent = intent;
    post('/api/v1/assistant', this.csrf, body).then(function (res) {
      wait.remove();
      if (!res.ok) {
        self.say('note', (res.body && res.body.error && res.body.error.message) ||
          'Trợ lý ảo đang bận, xin thử lại sau.');
        return;
      }
      self.answer(res.body);
    }).catch(function () {
      wait.remove();
      self.say('note', 'Không kết nối được. Xin kiểm tra mạng và thử lại.');
    });
  };

  Chat.prototype.answer = function (a) {
    var self = this;
    var box = el('div', 'asst-answer');
    box.setAttribute('data-test', 'asst-answer');
    box.setAttribute('data-intent', a.intent);
    box.setAttribute('data-outcome', a.outcome);
    renderText(box, a.answer);
    var actions = el('ul', 'asst-actions');
    (a.actions || []).forEach(function (act) {
      var li = el('li');
      if (act.type === 'link' || act.type === 'submit') {
        var link = el('a', act.type === 'submit' ? 'button' : null, act.label);
        link.href = act.url;
        li.appendChild(link);
      } else if (act.type === 'ask') {
        var b = el('button', 'link-button', act.label);
        b.type = 'button';
        b.addEventListener('click', function () { self.ask(act.message, act.intent); });
        li.appendChild(b);
      } else if (act.type === 'handoff') {
        var h = el('button', null, act.label);
        h.type = 'button';
        h.addEventListener('click', function () { self.handoff(h); });
        li.appendChild(h);
      }
      actions.appendChild(li);
    });
    if (actions.firstChild) box.appendChild(actions);
    if (a.log_id) box.appendChild(this.rating(a.log_id));
    this.log.appendChild(box);
    this.log.scrollTop = this.log.scrollHeight;
  };

  Chat.prototype.rating = function (id) {
    var self = this;
    var wrap = el('p', 'asst-rate');
    wrap.appendChild(el('span', null, 'Câu trả lời này có giúp ích không? '));
    [['Có', true], ['Không', false]].forEach(function (pair) {
      var b = el('button', null, pair[0]);
      b.type = 'button';
      b.addEventListener('click', function () {
        post('/api/v1/assistant/feedback', self.csrf,
          { log_id: id, session: session(), helpful: pair[1] }).then(function () {
          wrap.textContent = 'Cảm ơn bạn đã đánh giá.';
        }).catch(function () {});
      });
      wrap.appendChild(b);
    });
    return wrap;
  };

  /* Hand-off: signed-in citizens are done at once; others give a name, a
     contact and the anti-spam sum, then the code the feedback module sent. */
  Chat.prototype.handoff = function (button) {
    var self = this;
    var base = { session: session(), message: this.last };
    button.disabled = true;
    this.handoffSend(base, null, function () { button.disabled = false; });
  };

  Chat.prototype.handoffSend = function (body, box, onFail) {
    var self = this;
    post('/api/v1/assistant/handoff', this.csrf, body).then(function (res) {
      if (box) box.remove();
      if (res.ok && res.body.code) {
        var p = self.say('note', res.body.message + ' ');
        var a = el('a', null, 'Theo dõi câu hỏi');
        a.href = res.body.url;
        p.appendChild(a);
      } else if (res.ok && res.body.step === 'code') {
        self.handoffForm(body, null, res.body.message);
      } else if (res.body && res.body.error && res.body.error.fields) {
        var otpWrong = res.body.error.fields.some(function (x) { return x.field === 'otp'; });
        self.handoffForm(body, otpWrong ? null : res.body.challenge, res.body.error.message);
      } else {
        self.say('note', (res.body && res.body.error && res.body.error.message) ||
          'Chưa chuyển được câu hỏi, xin thử lại sau.');
        if (onFail) onFail();
      }
    }).catch(function () {
      self.say('note', 'Không kết nối được. Xin kiểm tra mạng và thử lại.');
      if (onFail) onFail();
    });
  };

  /* A small form in the log: the contact step (challenge given) or the code step. */
  Chat.prototype.handoffForm = function (body, challenge, message) {
    var self = this;
    var f = el('form', 'asst-handoff');
    f.appendChild(el('p', null, message));
    function field(name, label, value) {
      var l = el('label', null, label);
      var i = el('input');
      i.name = name;
      i.value = value || '';
      l.appendChild(i);
      f.appendChild(l);
      return i;
    }
    var code = body.contact && !challenge;
    if (!code) {
      field('sender_name', 'Họ và tên', body.sender_name);
      field('contact', 'Thư điện tử hoặc số điện thoại', body.contact);
      if (challenge) field('challenge', 'Kiểm tra chống thư rác: ' + challenge.question, '');
    } else {
      field('otp', 'Mã xác minh', '').setAttribute('inputmode', 'numeric');
    }
    var send = el('button', 'button', code ? 'Gửi câu hỏi cho cán bộ' : 'Tiếp tục');
    send.type = 'submit';
    f.appendChild(send);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var next = { session: body.session, message: body.message, consent_publish: false };
      Array.prototype.forEach.call(f.querySelectorAll('input'), function (i) {
        next[i.name] = i.value.trim();
      });
      if (!code) {
        if (challenge) next.challenge_token = challenge.token;
      } else {
        next.sender_name = body.sender_name;
        next.contact = body.contact;
      }
      send.disabled = true;
      self.handoffSend(next, f, function () { send.disabled = false; });
    });
    this.log.appendChild(f);
    this.log.scrollTop = this.log.scrollHeight;
    f.querySelector('input').focus();
  };

  /* The full page: the log above the form. */
  var page = document.querySelector('[data-asst-full]');
  if (page) {
    var pform = page.querySelector('form');
    new Chat(page, pform, page.querySelector('.asst-log'), pform.getAttribute('data-csrf'));
  }

  /* The widget: a button that opens a chat panel. */
  var aside = document.querySelector('.asst-widget');
  if (!aside) return;
  var form = aside.querySelector('form');
  var panel = el('div', 'asst-panel');
  panel.id = 'asst-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Trợ lý ảo');
  var head = el('div', 'asst-head');
  head.appendChild(el('strong', null, 'Trợ lý ảo'));
  var close = el('button', 'asst-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Đóng trợ lý ảo');
  head.appendChild(close);
  var log = el('div', 'asst-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.appendChild(el('p', 'asst-note', 'Xin chào! Bạn cần làm thủ tục gì? Có thể gõ ' +
    'không dấu, ví dụ: lam giay khai sinh can gi.'));
  var full = el('a', 'asst-full', 'Mở trang trợ lý ảo');
  full.href = '/tro-ly';
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(full);
  var toggle = el('button', 'asst-toggle', 'Trợ lý ảo');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'asst-panel');
  aside.textContent = '';
  aside.appendChild(panel);
  aside.appendChild(toggle);
  aside.classList.add('asst-js');
  new Chat(aside, form, log, aside.getAttribute('data-csrf'));

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) form.querySelector('input[name="q"]').focus();
    else toggle.focus();
  }
  toggle.addEventListener('click', function () { setOpen(panel.hidden); });
  close.addEventListener('click', function () { setOpen(false); });
  panel.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') setOpen(false);
  });
})();

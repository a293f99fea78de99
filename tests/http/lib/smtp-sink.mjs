// tests/http/lib/smtp-sink.mjs - a tiny SMTP server for the tests: it
// accepts every message on a free port of 127.0.0.1 and keeps it.
//
//   const sink = await startSmtpSink();
//   const srv = await startServer({ env: { MOTCUA_SMTP_URL: sink.url } });
//   const mail = await sink.waitFor((m) => m.to.includes('a@b.vn'));
//   mail.subject; mail.text;     // decoded (RFC 2047 subject, base64 body)
//   await sink.close();
//
// Enough of RFC 5321 for libcurl: EHLO/HELO, MAIL, RCPT, DATA (with dot
// unstuffing), RSET, NOOP, QUIT; STARTTLS is refused so the session stays
// plain.
import { createServer } from 'node:net';

function decodeWords(s) {
  return s.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  let body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  if ((headers['content-transfer-encoding'] || '').toLowerCase() === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, subject: decodeWords(headers.subject || ''), text: body };
}

/**
 * Start the sink.  Resolves to { url, port, messages, waitFor(pred, ms), close() }
 * where url is "smtp://127.0.0.1:PORT" and each message is
 * { from, to: [..], raw, headers, subject, text }.
 */
export async function startSmtpSink() {
  const messages = [];
  const waiters = [];
  const server = createServer((sock) => {
    let buf = '';
    let from = '';
    let to = [];
    let data = null;   // lines of DATA while reading it
    sock.setEncoding('utf8');
    sock.write('220 sink ESMTP ready\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (data) {
          if (line === '.') {
            const raw = data.join('\r\n');
            const msg = { from, to, raw, ...parseMessage(raw) };
            messages.push(msg);
            for (const w of [...waiters]) w();
            data = null;
            from = '';
            to = [];
            sock.write('250 OK queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') sock.write('250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n');
        else if (cmd === 'HELO') sock.write('250 sink\r\n');
        else if (cmd === 'MAIL') { from = (/<([^>]*)>/.exec(line) || [])[1] || ''; sock.write('250 OK\r\n'); }
        else if (cmd === 'RCPT') { to.push((/<([^>]*)>/.exec(line) || [])[1] || ''); sock.write('250 OK\r\n'); }
        else if (cmd === 'DATA') { data = []; sock.write('354 End data with <CR><LF>.<CR><LF>\r\n'); }
        else if (cmd === 'RSET') { from = ''; to = []; sock.write('250 OK\r\n'); }
        else if (cmd === 'NOOP') sock.write('250 OK\r\n');
        else if (cmd === 'QUIT') { sock.end('221 Bye\r\n'); }
        else sock.write('502 Command not implemented\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;

  /** Resolve with the first message matching pred (waits up to ms, default 15 s). */
  function waitFor(pred, ms = 15000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = messages.find(pred);
        if (!m) return false;
        clearTimeout(timer);
        const i = waiters.indexOf(check);
        if (i >= 0) waiters.splice(i, 1);
        resolve(m);
        return true;
      };
      const timer = setTimeout(() => {
        const i = waiters.indexOf(check);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`no matching mail within ${ms} ms; got ${messages.length}: ` +
          messages.map((m) => `${m.to} ${m.subject}`).join(' | ')));
      }, ms);
      if (!check()) waiters.push(check);
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

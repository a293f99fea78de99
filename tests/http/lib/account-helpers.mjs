// tests/http/lib/account-helpers.mjs - requests from another loopback
// address (127.0.0.2, ...), for the tests of throttling per address: fetch
// cannot choose its source address, node:http can.  Cookies go through the
// same plain-object jars as server.mjs.
import http from 'node:http';
import { extractInput } from './server.mjs';

function request(srv, from, method, path, jar, body) {
  const url = new URL(srv.url + path);
  const headers = {};
  const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search,
      method, headers, localAddress: from }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] || []) {
          const [pair, ...attrs] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const gone = attrs.some((a) => /^\s*max-age\s*=\s*(-|0)/i.test(a));
          if (gone) delete jar[name];
          else jar[name] = pair.slice(eq + 1).trim();
        }
        const html = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, location: res.headers.location, headers: res.headers,
          html, csrf: extractInput(html, 'csrf') });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** GET path from the loopback address `from`; resolves to { status, location, html, csrf }. */
export function getFrom(srv, from, path, jar = {}) {
  return request(srv, from, 'GET', path, jar);
}

/** POST fields (urlencoded) from the loopback address `from`. */
export function postFrom(srv, from, path, fields, jar = {}) {
  return request(srv, from, 'POST', path, jar, new URLSearchParams(fields).toString());
}

/** Sign in from `from` with the csrf of a fresh form; resolves to { res, jar }. */
export async function loginFrom(srv, from, login, password, jar = {}) {
  const form = await getFrom(srv, from, '/dang-nhap', jar);
  const res = await postFrom(srv, from, '/dang-nhap', { csrf: form.csrf, login, password }, jar);
  return { res, jar };
}

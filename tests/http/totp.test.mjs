// totp.test.mjs - self-test of the helpers in lib/server.mjs (no server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, extractInput, totp } from './lib/server.mjs';

// RFC 6238 appendix B, SHA-1: secret "12345678901234567890".
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('base32 decodes the RFC 6238 secret', () => {
  assert.equal(base32Decode(SECRET).toString('ascii'), '12345678901234567890');
  assert.equal(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq====').toString('ascii'),
    '12345678901234567890');
});

test('totp matches the RFC 6238 SHA-1 vectors', () => {
  const vectors = [
    [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
    [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
  ];
  for (const [t, code] of vectors) {
    assert.equal(totp(SECRET, t, 8), code, `8 digits at t=${t}`);
    assert.equal(totp(SECRET, t), code.slice(2), `6 digits at t=${t}`);
  }
  assert.equal(totp(SECRET, 59), '287082');
  assert.equal(totp(SECRET, 30), totp(SECRET, 59.9), 'same 30 s step');
});

test('extractInput finds the csrf field in any attribute order', () => {
  const html = '<form><input type="text" name="ho_ten" value="A">' +
    "<input value='x&amp;y' type=hidden name=csrf></form>";
  assert.equal(extractInput(html), 'x&y');
  assert.equal(extractInput(html, 'ho_ten'), 'A');
  assert.equal(extractInput('<p>không có biểu mẫu</p>'), null);
});

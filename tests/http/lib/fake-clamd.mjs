// tests/http/lib/fake-clamd.mjs - a stand-in for ClamAV's daemon: a real
// server on a Unix socket speaking clamd's INSTREAM protocol ("zINSTREAM\0",
// chunks of a 4-byte big-endian length and the bytes, a zero length to
// end; the answer "stream: OK\0" or "stream: <name> FOUND\0").  It finds the
// EICAR test file, as clamd does, and nothing else.
//
//   const clamd = await startFakeClamd(dir);   // clamd.address for MOTCUA_CLAMD
//   ... clamd.scans (bytes of each stream scanned) ...
//   await clamd.stop();
import net from 'node:net';
import { join } from 'node:path';

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export async function startFakeClamd(dir) {
  const path = join(dir, 'clamd.sock');
  const scans = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    let commandSeen = false;
    const chunks = [];
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!commandSeen) {
        const nul = buf.indexOf(0);
        if (nul < 0) return;
        const cmd = buf.subarray(0, nul).toString();
        buf = buf.subarray(nul + 1);
        if (cmd !== 'zINSTREAM') {
          sock.end('UNKNOWN COMMAND\0');
          return;
        }
        commandSeen = true;
      }
      while (buf.length >= 4) {
        const n = buf.readUInt32BE(0);
        if (n === 0) {
          const data = Buffer.concat(chunks);
          scans.push(data);
          const infected = data.includes(Buffer.from(EICAR));
          sock.end(infected ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          buf = Buffer.alloc(0);
          return;
        }
        if (buf.length < 4 + n) return;
        chunks.push(buf.subarray(4, 4 + n));
        buf = buf.subarray(4 + n);
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(path, resolve));
  return {
    address: `unix:${path}`,
    scans,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

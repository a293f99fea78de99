// tests/http/lib/demo.mjs - `motcua demo` for tests: start it on a free
// port with a fresh database, read the demo logins from its banner, and
// sign staff in with the TOTP code that the command the banner shows prints.
//
//   const demo = await startDemo();
//   for (const s of demo.staff) {     // one { login, role, agency } per role, from the banner
//     const jar = await demo.signIn(s.login);
//     ...
//   }
//   await demo.stop();
import { execFileSync } from 'node:child_process';
import { startServer, getForm, postForm } from './server.mjs';
import { bin } from './feedback-helpers.mjs';

export const DEMO_PASSWORD = 'demo-motcua-2026';
const DEMO_START_MS = 120000;   // loads 3,000 sample dossiers first (slow under ASan)

/**
 * The accounts listed in the demo banner: applicants as "  LOGIN   role"
 * right after "Tài khoản thử", then staff under one heading per agency
 * ("  Agency name:" followed by "    LOGIN   role" lines).
 * { staff: [{ login, role, agency }], applicants: [{ login, role }] }.
 * Applicants sign in with their CCCD or tax code (digits only).
 */
export function bannerAccounts(output) {
  const start = output.indexOf('Tài khoản thử');
  if (start < 0) throw new Error(`no account list in the demo banner:\n${output}`);
  const staff = [];
  const applicants = [];
  let agency = null;
  for (const line of output.slice(start).split('\n').slice(1)) {
    let m;
    if ((m = /^ {2}(\S.*):$/.exec(line))) {
      agency = m[1];
    } else if ((m = /^ {4}(\S+)\s{2,}(\S.*)$/.exec(line)) && agency) {
      staff.push({ login: m[1], role: m[2].trim(), agency });
    } else if ((m = /^ {2}(\d+)\s{2,}(\S.*)$/.exec(line))) {
      applicants.push({ login: m[1], role: m[2].trim() });
    } else if (/^Cán bộ đăng nhập/.test(line)) {
      break;
    }
  }
  return { staff, applicants };
}

// The accounts the guides and tests name for each role, when the banner lists them.
const USUAL = ['tiepnhan', 'chuyenvien', 'lanhdao', 'quantri.donvi', 'quantri.tinh'];

/** One account per role: the usual one where there is one, else the first listed. */
export function onePerRole(staff) {
  const byRole = new Map();
  for (const s of staff) {
    const kept = byRole.get(s.role);
    if (!kept || (USUAL.includes(s.login) && !USUAL.includes(kept.login))) byRole.set(s.role, s);
  }
  return [...byRole.values()];
}

/**
 * Start `motcua demo` (options as startServer's).  Resolves to the server
 * ({ url, stop, tmpdir, output, ... }) plus staff (one officer account per
 * role: collaborators work from /cong-tac-vien, not the staff home),
 * collaborators, allStaff and applicants (from the banner), totpCode(login) and
 * signIn(login) -> cookie jar.
 */
export async function startDemo(options = {}) {
  const srv = await startServer({ startTimeoutMs: DEMO_START_MS, ...options, command: 'demo' });
  const { staff: allStaff, applicants } = bannerAccounts(srv.output());
  const isCollaborator = (s) => s.role.startsWith('Cộng tác viên');
  const staff = onePerRole(allStaff.filter((s) => !isCollaborator(s)));
  const collaborators = allStaff.filter(isCollaborator);

  // The command the banner prints for a staff code, as a newcomer would copy it.
  const said = /^ +(\S+) (user totp-code .*) --login \S+$/m.exec(srv.output());
  if (!said) throw new Error(`no totp-code command in the demo banner:\n${srv.output()}`);
  function totpCode(login) {
    return execFileSync(bin(), [...said[2].split(' '), '--login', login],
      { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString().trim();
  }

  async function signIn(login) {
    const jar = {};
    const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
    const r = await postForm(srv.url, '/dang-nhap', { csrf, login, password: DEMO_PASSWORD },
      jar);
    if (r.status !== 303) throw new Error(`sign-in of ${login}: ${r.status}\n${r.html}`);
    if (/^\d+$/.test(login)) return jar;
    const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
    const ok = await postForm(srv.url, '/dang-nhap/ma-xac-thuc',
      { csrf: form.csrf, code: totpCode(login) }, jar);
    if (ok.status !== 303) throw new Error(`TOTP of ${login}: ${ok.status}\n${ok.html}`);
    return jar;
  }

  return { ...srv, staff, collaborators, allStaff, applicants, totpCode, signIn };
}

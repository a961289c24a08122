// t71-forms.mjs — the record forms of gvi serve in a real browser (Debian's Chromium driven by
// playwright-core): the coordinator logs in, creates a group and a person through the generic
// forms under /r/, records an incident with the person's and the group's involvement in one
// step on /incidents/new, and sees it on Översikt (with the type's Swedish name); a form with a
// missing role comes back with the error at the field and nothing stored; a call-in is made,
// a person invited and marked as attended with the large button; the person's page shows the
// timeline; the pages switch to English; a community partner is refused the person list and
// the incident form.  axe-core checks the new pages (lists, forms, an error form, the call-in,
// the timeline) for serious or critical violations under the real Content-Security-Policy.
// Screenshots go to tests/browser/screenshots/ (forms-*.png).  Counts "P F" go to $COUNTS.
//
// Run by tests/run with GVI naming the binary; alone: GVI=$PWD/gvi node tests/browser/t71-forms.mjs
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const GVI = process.env.GVI;
const COUNTS = process.env.COUNTS || '/dev/null';
const CHROMIUM = '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const started = Date.now();

let pass = 0, fail = 0;
function ok(cond, desc, detail) {
  if (cond) { pass++; console.log(`ok - ${desc}`); }
  else { fail++; console.log(`not ok - ${desc}${detail !== undefined ? ` (${detail})` : ''}`); }
  return cond;
}
function eq(actual, wanted, desc) { return ok(actual === wanted, desc, `got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`); }
function finish() { fs.writeFileSync(COUNTS, `${pass} ${fail}\n`); }
const sanitizer = /Sanitizer|runtime error/;

// The same fixed clock as tests/cli/lib.sh, for the CLI and the server alike.
const env = { ...process.env, GVI_TODAY: '2026-11-25', GVI_NOW: '2026-11-25 10:00:00' };
// gvi(user, args, input): runs the CLI on the test repository; throws on a non-zero exit.
function gvi(user, args, input) {
  try {
    const out = execFileSync(GVI, ['--user', user, ...args],
      { env, input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return out;
  } catch (e) {
    throw new Error(`gvi --user ${user} ${args.join(' ')}: exit ${e.status}: ${e.stderr}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = null, serverLog = '', serverExit = null;
async function startServer() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(GVI, ['serve', '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { serverLog += d; });
    let exited = false;
    const exit = new Promise((resolve) => child.once('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
    for (let i = 0; i < 150 && !exited; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) { server = child; serverExit = exit; return port; }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (!exited) { child.kill('SIGKILL'); await exit; }
  }
  return null;
}
async function stopServer() {
  if (!server) return null;
  const child = server; server = null;
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 10000); });
  const r = await Promise.race([serverExit, timeout]);
  clearTimeout(timer);
  if (r === null) { child.kill('SIGKILL'); await serverExit; }
  return r;
}

// axe(page): axe-core's violations on the page, as [{id, impact, nodes}].
async function axe(page) {
  // The page's CSP (script-src 'self') forbids inline script, and page.addScriptTag({path})
  // injects the file's contents inline: blocked.  Evaluating the source through the DevTools
  // protocol is not subject to the page's CSP, so the page is checked as users get it.
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  if (!r.passes.length) throw new Error('axe-core ran no rule');
  return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}
const allViolations = {};
async function checkAxe(page, name) {
  const v = await axe(page);
  allViolations[name] = v;
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id}: ${x.help} — ${x.nodes.slice(0, 5).join(', ')}`);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  ok(bad.length === 0, `axe-core finds no serious or critical violations on ${name}`,
    bad.map((x) => `${x.impact} ${x.id}`).join(', '));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gvi-browser.'));
let browser = null;
const watchdog = setTimeout(() => {
  console.log('not ok - the browser test finishes within 120 s');
  fail++; finish();
  if (server) server.kill('SIGKILL');
  process.exit(1);
}, 120000);


try {
  ok(typeof GVI === 'string' && fs.existsSync(GVI), 'GVI names the gvi binary', GVI);
  ok(fs.existsSync(CHROMIUM), `Chromium is installed at ${CHROMIUM} (scripts/setup installs it)`);
  fs.mkdirSync(shots, { recursive: true });

  const repo = path.join(work, 'r.db');
  env.GVI_REPO = repo;
  execFileSync(GVI, ['init', repo, '--programme', 'Testprogrammet'], { env, stdio: 'pipe' });
  gvi('admin', ['agency', 'add', '--name', 'Föreningen', '--kind', 'community']);
  gvi('admin', ['user', 'add', '--name', 'anna', '--agency', 'GVI-samordning', '--role', 'coordinator']);
  gvi('admin', ['user', 'add', '--name', 'kim', '--agency', 'Föreningen', '--role', 'community_partner']);
  const PW = 'anna-lösen-123', KPW = 'kim-lösen-123';
  gvi('admin', ['passwd', 'anna'], `${PW}\n`);
  gvi('admin', ['passwd', 'kim'], `${KPW}\n`);
  gvi('anna', ['area', 'add', '--name', 'Centrum', '--kind', 'district']);
  ok(true, 'a repository with the coordinator, a community partner and an area');
  const sql = (q) => execFileSync('sqlite3', [repo, q], { encoding: 'utf8' }).trim();

  const port = await startServer();
  if (!ok(port !== null, 'gvi serve starts on a free port', serverLog.split('\n').slice(-5).join(' | '))) throw new Error('no server');
  const B = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
  ctx.setDefaultTimeout(10000);
  const page = await ctx.newPage();
  const problems = [];
  const expected4xx = new Set();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url ? new URL(m.location().url).pathname : '';
    if (!m.text().startsWith('Failed to load resource') || !expected4xx.has(where)) problems.push(`${where}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  const shot = (name) => page.screenshot({ path: path.join(shots, `forms-${name}.png`), fullPage: true });

  await page.goto(`${B}/login`);
  await page.getByLabel('Användarnamn').fill('anna');
  await page.getByLabel('Lösenord').fill(PW);
  await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel('operativ GVI-verksamhet').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
  ok((await page.locator('.who').innerText()).includes('anna'), 'the coordinator logs in');

  // ---- a group through the generic form ----
  await page.goto(`${B}/r/group`);
  await checkAxe(page, 'the generic group list');
  await Promise.all([page.waitForURL(`${B}/r/group/new`), page.getByRole('link', { name: 'Ny post' }).click()]);
  await page.getByLabel('Namn (obligatoriskt)').fill('Blå gänget');
  await page.getByLabel('Områden').fill('Centrum');
  await page.getByLabel('Först sedd').fill('2025-06-01');
  await shot('group-new');
  await checkAxe(page, 'the new-group form');
  await Promise.all([page.waitForURL(/\/r\/group\/\d+$/), page.getByRole('button', { name: 'Registrera' }).click()]);
  ok((await page.locator('h1').innerText()).includes('Blå gänget'), 'the new group is shown after the form');
  eq(sql("SELECT first_seen FROM grp WHERE name = 'Blå gänget'"), '2025-06-01', 'and stored with its date');

  // ---- a person ----
  await page.goto(`${B}/r/person/new`);
  await page.getByLabel('Namn (obligatoriskt)').fill('Cecilia Testsson');
  await page.getByLabel('Kod').fill('P-CEC001');
  await page.getByLabel('Födelsedatum').fill('2007');
  await page.getByLabel('Område', { exact: true }).selectOption('Centrum');
  await Promise.all([page.waitForURL(/\/r\/person\/\d+$/), page.getByRole('button', { name: 'Registrera' }).click()]);
  eq(sql("SELECT code FROM person WHERE name = 'Cecilia Testsson'"), 'P-CEC001', 'a person is added through the form');

  // ---- the incident form: a missing role first, then the whole incident ----
  await page.goto(`${B}/`);
  await Promise.all([page.waitForURL(`${B}/incidents/new`), page.getByRole('link', { name: 'Registrera händelse' }).click()]);
  await page.getByLabel('Tid (obligatoriskt)').fill('2026-11-21 20:15');
  await page.getByLabel('Typ (obligatoriskt)').selectOption('shooting');
  await page.getByLabel('Område', { exact: true }).selectOption('Centrum');
  await page.getByLabel('Plats').fill('Stortorget');
  await page.locator('#p1_person').selectOption('P-CEC001');
  await page.locator('#g1_group').selectOption('Blå gänget');
  await page.locator('#g1_side').selectOption('perpetrating');
  await page.locator('#g1_confidence').selectOption('confirmed');
  expected4xx.add('/incidents/new');
  const [bad] = await Promise.all([page.waitForResponse((r) => r.url() === `${B}/incidents/new` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Registrera händelsen' }).click()]);
  await page.waitForLoadState();
  eq(bad.status(), 400, 'a person row without a role is refused (400)');
  ok((await page.locator('#err-p1_role').innerText()).includes('Person 1: role is required'), 'the message names the row and field');
  eq(await page.locator('#p1_role').getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
  eq(await page.getByLabel('Plats').inputValue(), 'Stortorget', 'what was typed is kept');
  eq(sql('SELECT count(*) FROM incident'), '0', 'and nothing is stored');
  await shot('incident-error');
  await checkAxe(page, 'the incident form with an error');
  await page.locator('#p1_role').selectOption('suspect');
  await Promise.all([page.waitForURL(/\/incidents\/\d+$/), page.getByRole('button', { name: 'Registrera händelsen' }).click()]);
  const inc = await page.locator('main').innerText();
  ok(inc.includes('Gruppkopplad händelse'), 'the recorded incident is group-member-involved', inc.slice(0, 200));
  ok(inc.includes('P-CEC001') && inc.includes('Blå gänget'), 'with the person and the group involved');
  eq(sql('SELECT count(*) FROM involvement') + '/' + sql('SELECT count(*) FROM group_involvement'), '1/1', 'both involvements are stored');
  await shot('incident');

  await page.goto(`${B}/`);
  const latest = await page.locator('section').filter({ has: page.locator('h2', { hasText: 'Senaste händelser' }) }).innerText();
  ok(latest.includes('2026-11-21 20:15') && latest.includes('skjutning'), 'Översikt lists it with the Swedish type name', latest);
  ok(!latest.includes('shooting'), 'not the type key');
  await shot('dashboard');
  await checkAxe(page, 'the dashboard');

  // ---- a call-in, an invitation, attendance ----
  await Promise.all([page.waitForURL(`${B}/r/callin`), page.locator('nav').getByRole('link', { name: 'Informationsmöten', exact: true }).click()]);
  await Promise.all([page.waitForURL(`${B}/r/callin/new`), page.getByRole('link', { name: 'Ny post' }).click()]);
  await page.getByLabel('Hölls (obligatoriskt)').fill('2026-12-01');
  await page.getByLabel('Lokal').fill('Stadshuset');
  await page.getByLabel('”Vi vill inte att du ska dö.”').check();
  await checkAxe(page, 'the new call-in form');
  await Promise.all([page.waitForURL(/\/r\/callin\/\d+$/), page.getByRole('button', { name: 'Registrera' }).click()]);
  const callin = new URL(page.url()).pathname;
  await Promise.all([page.waitForURL(/\/r\/invitation\/new/), page.getByRole('link', { name: 'Bjud in en person' }).click()]);
  await page.getByLabel('Person (obligatoriskt)').selectOption('P-CEC001');
  await page.getByLabel('Inbjuden via').selectOption('letter');
  await Promise.all([page.waitForURL(/\/r\/invitation\/\d+$/), page.getByRole('button', { name: 'Registrera' }).click()]);
  await page.goto(`${B}${callin}`);
  const came = page.getByRole('button', { name: 'Närvarande', exact: true });
  const box = await came.boundingBox();
  ok(box && box.height >= 44 && box.width >= 120, 'the attendance button is a large touch target', JSON.stringify(box));
  await Promise.all([page.waitForURL(new RegExp(`${callin}#inv-\\d+$`)), came.click()]);
  ok((await page.locator('.invitee .attended').innerText()).trim() === 'ja', 'the invitee is marked as attended');
  eq(sql('SELECT attended FROM invitation'), '1', 'and it is stored');
  await shot('callin');
  await checkAxe(page, "the call-in's attendance page");

  // ---- the person's timeline ----
  await page.goto(`${B}/persons/P-CEC001`);
  const times = await page.locator('ol.timeline time').allInnerTexts();
  // Marked attended, she gets the workflow's follow-up task: support offered within 7 days.
  eq(times.join(' '), '2026-12-02 2026-12-01 2026-11-21 20:15',
    "the person's timeline: the follow-up task, the call-in, then the incident");
  await shot('person-timeline');
  await checkAxe(page, "the person's timeline");

  // ---- English ----
  await page.goto(`${B}${callin}`);
  await Promise.all([page.waitForURL(`${B}${callin}`), page.getByRole('link', { name: 'In English' }).click()]);
  ok((await page.locator('main').innerText()).includes('Invitees and attendance'), 'the call-in page switches to English');
  ok((await page.locator('footer').innerText()).includes('information system'), 'and so does the footer');
  await shot('callin-en');
  await checkAxe(page, 'the call-in page in English');
  await page.goto(`${B}/incidents/new`);
  eq(await page.locator('h1').innerText(), 'Record an incident', 'the incident form in English');
  await checkAxe(page, 'the incident form in English');
  await page.goto(`${B}/lang?to=sv&back=/`);
  ok(problems.length === 0, 'no console errors or CSP violations on the form pages', problems.join(' | '));

  // ---- another role is refused ----
  await Promise.all([page.waitForURL(`${B}/login`), page.getByRole('button', { name: 'Logga ut' }).click()]);
  await page.getByLabel('Användarnamn').fill('kim');
  await page.getByLabel('Lösenord').fill(KPW);
  await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel('operativ GVI-verksamhet').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
  for (const p of ['/r/person', '/incidents/new']) expected4xx.add(p);
  let resp = await page.goto(`${B}/r/person`);
  eq(resp.status(), 403, 'the community partner is refused the person list under /r/ (403)');
  resp = await page.goto(`${B}/incidents/new`);
  eq(resp.status(), 403, 'and the incident form (403)');
  await shot('refused');
  await browser.close(); browser = null;
  const r = await stopServer();
  ok(r !== null && r.code === 0, 'SIGTERM stops the server cleanly (exit 0)', JSON.stringify(r));
  ok(!/P-CEC001|Cecilia/.test(serverLog), 'the access log holds no personal data');
} catch (e) {
  ok(false, 'the browser test runs to its end', e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await stopServer();
  ok(!sanitizer.test(serverLog), 'no sanitizer report from the server',
    serverLog.split('\n').filter((l) => sanitizer.test(l)).slice(0, 5).join(' | '));
  fs.rmSync(work, { recursive: true, force: true });
  clearTimeout(watchdog);
  const v = Object.entries(allViolations).flatMap(([p, vs]) => vs.map((x) => `${p}: ${x.impact} ${x.id}`));
  console.log(`# axe violations (all impacts): ${v.length ? v.join('; ') : 'none'}`);
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
  finish();
}
process.exitCode = fail ? 1 : 0;

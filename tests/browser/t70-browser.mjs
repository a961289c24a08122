// t70-browser.mjs — gvi serve in a real browser: Debian's Chromium (/usr/bin/chromium) driven
// by playwright-core.  A temporary repository made with the CLI (agencies, users, a group, two
// persons, an incident with an involvement), a server on a free loopback port, then: the
// coordinator logs in through the form, sees the counts on Översikt, opens Personer, searches,
// clicks through to a person's record and logs out; a community partner is refused /persons
// with the Swedish 403 page; a wrong password gets the generic message.  axe-core checks the
// three main pages for serious or critical violations under the real Content-Security-Policy:
// the CSP forbids inline script, so axe is evaluated through the DevTools protocol
// (page.evaluate with its source) rather than injected as a <script> tag, and bypassCSP stays off.
// Screenshots go to tests/browser/screenshots/.  Counts "P F" go to $COUNTS for tests/run.
//
// Run by tests/run with GVI naming the binary; alone: GVI=$PWD/gvi node tests/browser/t70-browser.mjs
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
const env = { ...process.env, GVI_TODAY: '2026-11-25', GVI_NOW: '2026-11-25 10:00:00', GVI_PURPOSE: 'operativ GVI-verksamhet' };
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

  // ---- the repository, as tests/cli/lib.sh's make_repo does, then data as the coordinator ----
  const repo = path.join(work, 'r.db');
  env.GVI_REPO = repo;
  execFileSync(GVI, ['init', repo, '--programme', 'Testprogrammet'], { env, stdio: 'pipe' });
  for (const [name, kind] of [['Polisen', 'police'], ['Socialtjänsten', 'social_services'],
    ['Kriminalvården', 'probation'], ['Föreningen', 'community']]) gvi('admin', ['agency', 'add', '--name', name, '--kind', kind]);
  gvi('admin', ['user', 'add', '--name', 'anna', '--agency', 'GVI-samordning', '--role', 'coordinator']);
  gvi('admin', ['user', 'add', '--name', 'kim', '--agency', 'Föreningen', '--role', 'community_partner']);
  const PW = 'anna-lösen-123', KPW = 'kim-lösen-123';
  gvi('admin', ['passwd', 'anna'], `${PW}\n`);
  gvi('admin', ['passwd', 'kim'], `${KPW}\n`);
  gvi('anna', ['area', 'add', '--name', 'Centrum', '--kind', 'district']);
  gvi('anna', ['group', 'add', '--name', 'Röda gänget', '--alias', 'RG', '--areas', 'Centrum', '--first-seen', '2023-01-10']);
  gvi('anna', ['person', 'add', '--name', 'Åsa Exempelsson', '--alias', 'Sasse', '--birth', '2008-05',
    '--pnr', '20080512-1233', '--area', 'Centrum', '--code', 'P-ASA001']);
  gvi('anna', ['person', 'add', '--name', 'Bo Berg', '--birth', '2006', '--code', 'P-BOB001']);
  gvi('anna', ['incident', 'add', '--occurred', '2026-11-20 21:40', '--type', 'shooting', '--area', 'Centrum', '--injured', '1']);
  gvi('anna', ['involvement', 'add', '--incident', '1', '--person', 'P-ASA001', '--role', 'suspect']);
  ok(true, 'a repository with users, a group, two persons and an incident made with the CLI');

  // ---- the server ----
  const port = await startServer();
  if (!ok(port !== null, 'gvi serve starts on a free port', serverLog.split('\n').slice(-5).join(' | '))) throw new Error('no server');
  const B = `http://127.0.0.1:${port}`;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright-core gives every launch a fresh, empty --user-data-dir of its own (and deletes
    // it on close); it refuses one in args.  Without the networking flags Chromium tries to
    // reach Google's hosts, which this machine's closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ok(true, `Chromium ${browser.version()} starts headless`);

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
  ctx.setDefaultTimeout(10000);
  const page = await ctx.newPage();
  const problems = [];
  // CSP violations and script errors show as console errors, and so does every load that
  // failed, with its address.  Pages this test asks for knowing they answer 4xx are expected;
  // the browser's own request for /favicon.ico (no page links one) is a 404 and only noted.
  const expected4xx = new Set();
  const notes = new Set();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url ? new URL(m.location().url).pathname : '';
    if (!m.text().startsWith('Failed to load resource')) problems.push(m.text());
    else if (where === '/favicon.ico') notes.add(`${where}: ${m.text()}`);
    else if (!expected4xx.has(where)) problems.push(`${where}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));

  // ---- the coordinator logs in through the form ----
  let resp = await page.goto(`${B}/`);
  eq(new URL(page.url()).pathname, '/login', 'a visitor without a session is sent to /login');
  eq(await page.locator('h1').innerText(), 'Logga in', 'the login page says so');
  await page.getByLabel('Användarnamn').fill('anna');
  await page.getByLabel('Lösenord').fill(PW);
  await Promise.all([page.waitForURL(`${B}/purpose`), page.getByRole('button', { name: 'Logga in' }).click()]);
  eq(new URL(page.url()).pathname, '/purpose', 'logging in asks for the purpose of access first');
  await checkAxe(page, 'the purpose page');
  await page.getByLabel('operativ GVI-verksamhet').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
  eq(new URL(page.url()).pathname, '/', 'choosing a purpose leads to the dashboard');

  // ---- Översikt ----
  eq(await page.locator('h1').innerText(), 'Översikt', 'the dashboard is Översikt');
  ok((await page.locator('.who').innerText()).includes('Inloggad som anna'), 'the header says who is logged in');
  const count = async (label) => (await page.locator('section[aria-labelledby="counts"] tr')
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('td').innerText()).trim();
  eq(await count('Grupper'), '1', 'Översikt counts the group');
  eq(await count('Personer'), '2', 'Översikt counts the persons');
  eq(await count('Händelser'), '1', 'Översikt counts the incident');
  eq(await count('Inblandningar'), '1', 'Översikt counts the involvement');
  const latest = page.locator('section').filter({ has: page.locator('h2', { hasText: 'Senaste händelser' }) });
  ok((await latest.innerText()).includes('2026-11-20'), 'the latest incidents list the incident', await latest.innerText());
  await page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
  ok(problems.length === 0, 'no console errors or CSP violations on the dashboard', problems.join(' | '));
  await checkAxe(page, 'the dashboard');

  // ---- Personer: list, search, and a click through to the record ----
  await Promise.all([page.waitForURL(`${B}/persons`), page.locator('nav').getByRole('link', { name: 'Personer', exact: true }).click()]);
  eq(await page.locator('h1').innerText(), 'Personer', 'the navigation leads to Personer');
  const listText = await page.locator('main').innerText();
  ok(listText.includes('P-ASA001') && listText.includes('P-BOB001'), 'the list shows both persons by code');
  ok(!/Åsa|Exempelsson|Bo Berg|20080512/.test(listText), 'the list shows no names and no personnummer');
  await page.screenshot({ path: path.join(shots, 'persons.png'), fullPage: true });
  await checkAxe(page, 'the persons list');
  await page.getByLabel('Sök på namn, alias eller kod').fill('Sasse');
  await Promise.all([page.waitForURL(/\/persons\?q=Sasse/), page.getByRole('button', { name: 'Sök' }).click()]);
  const hits = await page.locator('main table').innerText();
  ok(hits.includes('P-ASA001') && !hits.includes('P-BOB001'), 'searching by alias finds the one person', hits);
  eq(await page.getByLabel('Sök på namn, alias eller kod').inputValue(), 'Sasse', 'the search field keeps the search');
  await Promise.all([page.waitForURL(`${B}/persons/P-ASA001`), page.getByRole('link', { name: 'P-ASA001' }).click()]);
  eq(await page.locator('h1').innerText(), 'Person P-ASA001', "clicking the code opens the person's record");
  const record = await page.locator('main').innerText();
  ok(record.includes('Åsa Exempelsson'), "the record shows the person's name to the coordinator", record.slice(0, 300));
  ok(record.includes('Sasse') && record.includes('Centrum'), 'and the alias and area');
  ok(record.includes('har loggats'), 'it says that opening the record was logged');
  await page.screenshot({ path: path.join(shots, 'person.png'), fullPage: true });
  ok(problems.length === 0, 'no console errors or CSP violations on the persons pages', problems.join(' | '));
  await checkAxe(page, 'the person page');
  const audit = gvi('admin', ['audit', 'list', '--action', 'read', '--entity', 'person']);
  ok(/anna +coordinator +read +person/.test(audit), 'the browser read of the record is in the audit log');

  // ---- logout ----
  await Promise.all([page.waitForURL(`${B}/login`), page.getByRole('button', { name: 'Logga ut' }).click()]);
  eq(new URL(page.url()).pathname, '/login', 'Logga ut leads back to the login');
  resp = await page.goto(`${B}/persons`);
  eq(new URL(page.url()).pathname, '/login', 'after logging out /persons sends to the login again');

  // ---- the community partner is refused personal data ----
  for (const p of ['/persons', '/persons/P-ASA001', '/login']) expected4xx.add(p);
  await page.getByLabel('Användarnamn').fill('kim');
  await page.getByLabel('Lösenord').fill(KPW);
  await Promise.all([page.waitForURL(`${B}/purpose`), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel('uppföljning').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
  ok((await page.locator('.who').innerText()).includes('Inloggad som kim'), 'the community partner logs in');
  eq(await page.locator('nav').getByRole('link', { name: 'Personer', exact: true }).count(), 0, 'their navigation has no Personer');
  resp = await page.goto(`${B}/persons`);
  eq(resp.status(), 403, 'the community partner is refused /persons (403)');
  const refusal = await page.locator('main').innerText();
  ok(refusal.includes('Din roll får inte läsa personuppgifter'), 'with the Swedish refusal page', refusal.slice(0, 200));
  resp = await page.goto(`${B}/persons/P-ASA001`);
  eq(resp.status(), 403, "and a person's page (403)");
  ok(!(await page.content()).includes('Exempelsson'), 'showing nothing of them');
  await page.goto(`${B}/`);
  await Promise.all([page.waitForURL(`${B}/login`), page.getByRole('button', { name: 'Logga ut' }).click()]);

  // ---- a wrong password gets the generic message ----
  await page.getByLabel('Användarnamn').fill('anna');
  await page.getByLabel('Lösenord').fill('fel-lösenord-1');
  const [wrong] = await Promise.all([page.waitForResponse((r) => r.url() === `${B}/login` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.waitForLoadState();
  eq(wrong.status(), 401, 'a wrong password is refused (401)');
  eq((await page.getByRole('alert').innerText()).trim(), 'Fel användarnamn eller lösenord.', 'with the generic message');
  eq(await page.getByLabel('Lösenord').inputValue(), '', 'and the password field is empty again');
  await page.getByLabel('Användarnamn').fill('nosuch');
  await page.getByLabel('Lösenord').fill('fel-lösenord-1');
  await Promise.all([page.waitForResponse((r) => r.url() === `${B}/login` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.waitForLoadState();
  eq((await page.getByRole('alert').innerText()).trim(), 'Fel användarnamn eller lösenord.', 'an unknown user gets the very same message');

  ok(problems.length === 0, 'no unexpected failed loads after that either', problems.join(' | '));
  for (const n of notes) console.log(`# note: the browser asked for ${n}`);
  // The Content-Security-Policy holds in a real browser: an inline script is not run.
  let blocked = false;
  try { await page.addScriptTag({ content: 'window.gviInline = 1;' }); } catch { blocked = true; }
  ok(blocked && (await page.evaluate(() => window.gviInline)) === undefined, 'the CSP keeps an injected inline script from running');
  await browser.close(); browser = null;

  // ---- SIGTERM stops the server cleanly ----
  const r = await stopServer();
  ok(r !== null && r.code === 0, 'SIGTERM stops the server cleanly (exit 0)', JSON.stringify(r));
  ok(serverLog.includes('gvi serve: stopped'), 'it says it stopped');
  ok(!/P-ASA001|Åsa|Sasse|20080512/.test(serverLog), 'the access log holds no personal data');
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

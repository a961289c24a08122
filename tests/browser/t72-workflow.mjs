// t72-workflow.mjs — the GVI cycle in a real browser (Debian's Chromium driven by
// playwright-core, the harness of t70): an incident attributed to a group opens a response
// case (recorded by the police analyst with the CLI, as a partner's system would); the
// coordinator sees it on Översikt and in Ärenden, assigns it, records an action through the
// form, is refused when the same form is sent twice, marks the group told and closes the case,
// and the performance measures move; from the case's proposals a custom notification is planned,
// delivered with the core-message checklist, and its follow-up task is done in Mina uppgifter;
// a call-in from invitation (the supervision list) through attendance to its follow-up.
// axe-core checks the workflow pages.  Counts "P F" go to $COUNTS for tests/run.
//
// Run by tests/run with GVI naming the binary; alone: GVI=$PWD/gvi node tests/browser/t72-workflow.mjs
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gvi-browser-wf.'));
let browser = null;
const watchdog = setTimeout(() => {
  console.log('not ok - the browser test finishes within 150 s');
  fail++; finish();
  if (server) server.kill('SIGKILL');
  process.exit(1);
}, 150000);

try {
  ok(typeof GVI === 'string' && fs.existsSync(GVI), 'GVI names the gvi binary', GVI);
  ok(fs.existsSync(CHROMIUM), `Chromium is installed at ${CHROMIUM} (scripts/setup installs it)`);
  fs.mkdirSync(shots, { recursive: true });

  const repo = path.join(work, 'r.db');
  env.GVI_REPO = repo;
  execFileSync(GVI, ['init', repo, '--programme', 'Testprogrammet'], { env, stdio: 'pipe' });
  for (const [name, kind] of [['Polisen', 'police'], ['Socialtjänsten', 'social_services'],
    ['Kriminalvården', 'probation']]) gvi('admin', ['agency', 'add', '--name', name, '--kind', kind]);
  gvi('admin', ['user', 'add', '--name', 'anna', '--agency', 'GVI-samordning', '--role', 'coordinator']);
  gvi('admin', ['user', 'add', '--name', 'pia', '--agency', 'Polisen', '--role', 'police_analyst']);
  gvi('admin', ['user', 'add', '--name', 'pro', '--agency', 'Kriminalvården', '--role', 'probation']);
  const PW = 'anna-lösen-123';
  gvi('admin', ['passwd', 'anna'], `${PW}\n`);
  gvi('anna', ['group', 'add', '--name', 'Blå']);
  gvi('anna', ['group', 'add', '--name', 'Röda']);
  gvi('anna', ['relation', 'add', '--group-a', 'Blå', '--group-b', 'Röda', '--kind', 'conflict', '--since', '2026-01-01']);
  gvi('anna', ['person', 'add', '--name', 'Rolf Röd', '--code', 'P-ROD001']);
  gvi('anna', ['person', 'add', '--name', 'Sven Svensson', '--code', 'P-SUP001']);
  gvi('anna', ['membership', 'add', '--person', 'P-ROD001', '--group', 'Röda', '--level', 'core', '--since', '2025-01-01',
    '--basis', 'intelligence|PM 1|2025-01-01;self_admission|FU 1|2025-01-02']);
  gvi('pro', ['supervision', 'add', '--person', 'P-SUP001', '--kind', 'probation', '--since', '2026-01-01']);
  gvi('anna', ['callin', 'add', '--held', '2026-12-01', '--venue', 'Medborgarhuset', '--speaker', 'Lena Polis|law enforcement',
    '--speaker', 'Mor till offer|community voice', '--speaker', 'Sara Soc|services']);

  const port = await startServer();
  if (!ok(port !== null, 'gvi serve starts on a free port', serverLog.split('\n').slice(-5).join(' | '))) throw new Error('no server');
  const B = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  ctx.setDefaultTimeout(10000);
  const page = await ctx.newPage();
  const problems = [];
  const expected4xx = new Set();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url ? new URL(m.location().url).pathname : '';
    if (where === '/favicon.ico') return;
    if (!m.text().startsWith('Failed to load resource') || !expected4xx.has(where)) problems.push(`${where}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));

  await page.goto(`${B}/login`);
  await page.getByLabel('Användarnamn').fill('anna');
  await page.getByLabel('Lösenord').fill(PW);
  await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel('operativ GVI-verksamhet').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
  eq(await page.locator('#cases-open').innerText(), '0', 'Översikt: no open cases at first');

  // ---- an incident attributed to a group opens a case ----
  gvi('pia', ['incident', 'add', '--occurred', '2026-11-24 21:40', '--type', 'shooting', '--injured', '1']);
  // The coordinator records in Ärenden that Blå was behind it: the case opens with that write.
  await page.goto(`${B}/cases`);
  await page.getByLabel('Händelse (nummer)').fill('1');
  await page.getByLabel('Grupp', { exact: true }).selectOption('Blå');
  await Promise.all([page.waitForURL(`${B}/cases/1`), page.getByRole('button', { name: 'Registrera', exact: true }).click()]);
  eq(await page.locator('h1').innerText(), 'Ärende 1: Blå', 'attributing the incident to Blå opened case 1 and shows it');
  expected4xx.add('/cases/attribute');
  await page.goto(`${B}/cases`);
  await page.getByLabel('Händelse (nummer)').fill('1');
  await page.getByLabel('Grupp', { exact: true }).selectOption('Blå');
  const [dup] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cases/attribute')),
    page.getByRole('button', { name: 'Registrera', exact: true }).click()]);
  eq(dup.status(), 409, 'the same attribution sent again is refused (409)');
  await page.goto(`${B}/`);
  eq(await page.locator('#cases-open').innerText(), '1', 'Översikt: the incident opened one case');
  eq((await page.locator('#kpi-without-action td').innerText()).trim(), '1', 'the KPI counts one serious GMI incident without action');
  eq((await page.locator('#kpi-first-action td').innerText()).trim(), '–', 'no time to first action yet');
  await checkAxe(page, 'the dashboard with the KPI block');
  await Promise.all([page.waitForURL(`${B}/cases`), page.locator('nav').getByRole('link', { name: 'Ärenden', exact: true }).click()]);
  eq(await page.locator('h1').innerText(), 'Ärenden', 'the navigation leads to Ärenden');
  await checkAxe(page, 'the cases list');
  await Promise.all([page.waitForURL(`${B}/cases/1`), page.getByRole('link', { name: '1', exact: true }).first().click()]);
  eq(await page.locator('h1').innerText(), 'Ärende 1: Blå', 'the case page names the group');
  eq(await page.locator('#case-status').innerText(), 'öppet', 'the case is open');
  const proposals = await page.locator('main').innerText();
  ok(proposals.includes('Röda') && proposals.includes('P-ROD001'), 'the case proposes the group in conflict and its core member', proposals.slice(0, 400));
  await checkAxe(page, 'the case page');
  await page.screenshot({ path: path.join(shots, 'case.png'), fullPage: true });

  // ---- assign, act, the same form twice, told, close ----
  await page.getByLabel('Ansvarig').selectOption('anna');
  await Promise.all([page.waitForURL(`${B}/cases/1`), page.getByRole('button', { name: 'Tilldela' }).click()]);
  await page.getByLabel('Påtryckningsmedel').selectOption('warrant_checks');
  await page.getByLabel('Aktör').selectOption('Polisen');
  // The same filled-in form sent twice (a double click, a resent request): the first records the
  // action, the second is refused, because the form carries the number of actions it was made with.
  expected4xx.add('/cases/1/act');
  const statuses = await page.evaluate(async () => {
    const f = document.querySelector('form[action$="/act"]');
    const body = new URLSearchParams(new FormData(f));
    const a = await fetch(f.action, { method: 'POST', body });
    const b = await fetch(f.action, { method: 'POST', body });
    return [a.status, b.status, await b.text()];
  });
  eq(statuses[0], 200, 'the action form is accepted once (303 to the case page)');
  eq(statuses[1], 409, 'the same form sent again is refused (409)');
  ok(statuses[2].includes('changed since the form was shown'), 'with the reason');
  await page.goto(`${B}/cases/1`);
  eq(await page.locator('#case-status').innerText(), 'åtgärd vidtagen', 'the action moved the case on');
  eq(await page.locator('#case-actions').innerText(), '1', 'one action is counted');
  eq(gvi('anna', ['--csv', 'enforcement', 'list']).trim().split('\n').length - 1, 1, 'and only one enforcement was recorded');
  await page.goto(`${B}/cases/1`);
  await Promise.all([page.waitForURL(`${B}/cases/1`), page.getByRole('button', { name: 'Gruppen har fått veta varför' }).click()]);
  eq(await page.locator('#case-status').innerText(), 'gruppen informerad', 'the group was told why');
  await Promise.all([page.waitForURL(`${B}/cases/1`), page.getByRole('button', { name: 'Avsluta ärendet' }).click()]);
  eq(await page.locator('#case-status').innerText(), 'avslutat', 'the case is closed');
  await page.goto(`${B}/`);
  eq(await page.locator('#cases-open').innerText(), '0', 'Översikt: no open case any more');
  eq((await page.locator('#kpi-first-action td').innerText()).trim(), '1.0', 'the KPI moved: one day from incident to first action');
  eq((await page.locator('#kpi-consequences td').innerText()).trim(), '1 av 1 (100 %)', 'the violent group met consequences');

  // ---- custom notification from the proposal: plan, deliver with the checklist, follow-up ----
  await page.goto(`${B}/cases/1`);
  await Promise.all([page.waitForURL(/\/notify\/1$/), page.getByRole('button', { name: 'Planera samtal med P-ROD001' }).click()]);
  ok((await page.locator('main').innerText()).includes('Gruppmedlemskap'), 'the preparation sheet shows the person\'s situation');
  await checkAxe(page, 'the notification page');
  for (const label of ['Vi vill inte att du ska dö.', 'Vi vill inte att du ska döda.',
    'Vi vill att du tar emot det stöd som finns för att lämna det kriminella livet.']) await page.getByLabel(label, { exact: true }).check();
  await page.getByLabel(/^Om våldet fortsätter kommer det att få kännbara konsekvenser/).check();
  await Promise.all([page.waitForURL(/\/notify\/1$/), page.getByRole('button', { name: 'Registrera genomfört samtal' }).click()]);
  eq(gvi('anna', ['--csv', 'notification', 'list']).includes('held'), true, 'the notification is held');
  const letter = await page.goto(`${B}/notify/1/letter`);
  eq(letter.status(), 200, 'the letter opens');
  ok((await page.locator('body').innerText()).includes('Vi vill inte att du ska döda.'), 'the letter carries the core messages');
  eq(await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes('Georgia')), true, 'its print style sheet applies under the CSP');
  await page.goto(`${B}/tasks`);
  eq(await page.locator('h1').innerText(), 'Mina uppgifter', 'Mina uppgifter');
  ok((await page.locator('main').innerText()).includes('Uppföljning efter individuellt samtal 1'), 'the follow-up task is mine');
  await checkAxe(page, 'my tasks');
  await Promise.all([page.waitForURL(`${B}/tasks`), page.getByRole('button', { name: 'Klar: Uppföljning efter individuellt samtal 1' }).click()]);
  ok(!(await page.locator('main').innerText()).includes('Klar: Uppföljning efter individuellt samtal 1'), 'done, it leaves the list');

  // ---- call-in: invitation from the supervision list, attendance, follow-up ----
  await page.goto(`${B}/tasks`);
  await Promise.all([page.waitForURL(`${B}/invite/1`), page.getByRole('link', { name: 'Call-in 2026-12-01' }).click()]);
  ok((await page.locator('main').innerText()).includes('Lena Polis'), 'the agenda names the speakers');
  await page.getByLabel(/Alla under Kriminalvårdens övervakning/).check();
  await Promise.all([page.waitForURL(`${B}/invite/1`), page.getByRole('button', { name: 'Bjud in' }).click()]);
  ok((await page.locator('main').innerText()).includes('P-SUP001'), 'the supervised person is invited');
  await checkAxe(page, 'the call-in page');
  await Promise.all([page.waitForURL(`${B}/invite/1`), page.getByRole('button', { name: 'Närvarande: P-SUP001' }).click()]);
  const after = await page.locator('main').innerText();
  ok(after.includes('Närvarande') && after.includes('Erbjud stöd efter call-in'), 'attendance registered, and the support follow-up made', after.slice(-400));
  await page.screenshot({ path: path.join(shots, 'callin.png'), fullPage: true });
  await page.goto(`${B}/kpi`);
  eq((await page.locator('#kpi-attendance td').innerText()).trim(), '1 av 1 (100 %)', 'the attendance KPI moved');
  eq((await page.locator('#kpi-notifications td').innerText()).trim(), '1', 'one notification held');
  await checkAxe(page, 'the KPI page');
  ok(problems.length === 0, 'no unexpected console errors or CSP violations', problems.join(' | '));
  await browser.close(); browser = null;
  const r = await stopServer();
  ok(r !== null && r.code === 0, 'SIGTERM stops the server cleanly (exit 0)', JSON.stringify(r));
} catch (e) {
  ok(false, 'the browser test runs to its end', e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await stopServer();
  ok(!sanitizer.test(serverLog), 'no sanitizer report from the server',
    serverLog.split('\n').filter((l) => sanitizer.test(l)).slice(0, 5).join(' | '));
  fs.rmSync(work, { recursive: true, force: true });
  clearTimeout(watchdog);
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
  finish();
}
process.exitCode = fail ? 1 : 0;

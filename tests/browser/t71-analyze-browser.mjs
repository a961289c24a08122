// t71-analyze-browser.mjs — the analysis pages (/analys…) in a real browser: Debian's Chromium
// driven by playwright-core on the demo programme.  The coordinator logs in, follows Analys
// in the menu, opens each analysis page (overview, persons, one person's explanation, risk,
// retaliation watch, networks), opens a score's explanation (<details>) and follows the
// links between them; probation opens a person's explanation and sees the records it may not
// read counted, not shown.  No page may log a console error or a Content-Security-Policy
// violation (the inline network picture carries no <style>), and axe-core must find no
// serious or critical violation on any of them.  Screenshots go to tests/browser/screenshots/.
// Counts "P F" go to $COUNTS for tests/run.
//
// Run by tests/run with GVI naming the binary; alone: GVI=$PWD/gvi node tests/browser/t71-analyze-browser.mjs
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gvi-browser-analys.'));
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

  // ---- the demo programme, with passwords for the coordinator and probation ----
  const repo = path.join(work, 'demo.db');
  env.GVI_REPO = repo;
  execFileSync(GVI, ['demo', repo, '--seed', '7'], { env, stdio: 'pipe' });
  const PW = 'samordnare-lösen-1', FPW = 'frivard-lösen-1';
  gvi('admin', ['passwd', 'samordnare'], `${PW}\n`);
  gvi('admin', ['passwd', 'frivard'], `${FPW}\n`);
  const top = JSON.parse(gvi('samordnare', ['--json', 'analyze', 'persons', '--top', '1']))[0].code;
  const risk = JSON.parse(gvi('samordnare', ['--json', 'analyze', 'risk', '--top', '3']));
  ok(true, 'the demo programme made with the CLI');

  const port = await startServer();
  if (!ok(port !== null, 'gvi serve starts on a free port', serverLog.split('\n').slice(-5).join(' | '))) throw new Error('no server');
  const B = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  async function session(user, pw) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    ctx.setDefaultTimeout(30000);
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url ? new URL(m.location().url).pathname : '';
      if (where !== '/favicon.ico') problems.push(`${user} ${where}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${B}/login`);
    await page.getByLabel('Användarnamn').fill(user);
    await page.getByLabel('Lösenord').fill(pw);
    await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
    await page.getByLabel('operativ GVI-verksamhet').check();
    await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
    return page;
  }

  // ---- the coordinator ----
  const page = await session('samordnare', PW);
  await Promise.all([page.waitForURL(`${B}/analys`), page.getByRole('link', { name: 'Analys', exact: true }).click()]);
  eq(await page.locator('h1').innerText(), 'Analys', 'the menu leads to Analys');
  ok(await page.locator('svg.curve polyline').count() === 2, 'the concentration curve is drawn');
  const firstGroup = page.locator('table.ranking details').first();
  await firstGroup.locator('summary').click();
  ok(await firstGroup.evaluate((d) => d.open), 'a group score opens its explanation');
  ok(await firstGroup.locator('a[href^="/incidents/"]').count() > 0, 'which links its incidents');
  await page.screenshot({ path: path.join(shots, 'analys.png'), fullPage: false });
  await checkAxe(page, '/analys');

  await Promise.all([page.waitForURL(/\/analys\/personer$/), page.locator('nav.subnav').getByRole('link', { name: 'Personer och prioritering' }).click()]);
  eq(await page.locator('table.persons tbody tr').first().locator('th').innerText(), top, 'the priority list starts with the CLI\'s first person');
  await page.getByLabel('Sortera efter').selectOption('betweenness');
  await Promise.all([page.waitForURL(/sort=betweenness/), page.getByRole('button', { name: 'Visa' }).click()]);
  ok(page.url().includes('sort=betweenness'), 'the filter form sorts by betweenness');
  await checkAxe(page, '/analys/personer');
  await Promise.all([page.waitForURL(/\/analys\/personer\/P-/), page.locator('table.persons tbody tr th a').first().click()]);
  ok((await page.locator('h1').innerText()).startsWith('Analys av '), 'a code opens the person\'s explanation');
  await checkAxe(page, '/analys/personer/CODE');

  await page.goto(`${B}/analys/risk?top=3`);
  eq(await page.locator('table.risk tbody > tr > th').first().innerText(), risk.current.persons[0].code, 'the risk list starts with the CLI\'s first person');
  const ex = page.locator('table.risk details').first();
  await ex.locator('summary').click();
  ok(await ex.evaluate((d) => d.open), 'a probability opens its explanation');
  await page.screenshot({ path: path.join(shots, 'analys-risk.png'), fullPage: false });
  await checkAxe(page, '/analys/risk');

  await page.goto(`${B}/analys/vedergallning?since=2026-01-01`);
  eq(await page.locator('h1').innerText(), 'Vedergällning', 'the retaliation watch');
  await checkAxe(page, '/analys/vedergallning');

  await page.goto(`${B}/analys/natverk`);
  const svg = page.locator('figure.network svg');
  ok(await svg.count() === 1, 'the group-conflict map is in the page');
  const fill = await svg.locator('.bg').first().evaluate((e) => getComputedStyle(e).fill);
  eq(fill, 'rgb(255, 255, 255)', 'and styled by the site stylesheet');
  await page.screenshot({ path: path.join(shots, 'analys-natverk.png'), fullPage: false });
  await checkAxe(page, '/analys/natverk');
  await page.goto(`${B}/analys/natverk?of=persons&max=100`);
  ok(await page.locator('figure.network svg circle').count() > 10, 'the person network is drawn');

  // ---- probation: counted, not shown ----
  const fpage = await session('frivard', FPW);
  await fpage.goto(`${B}/analys/personer/${top}`);
  const notes = await fpage.locator('p.hidden-records').allInnerTexts();
  ok(notes.length === 2 && notes.every((t) => /^\d+ underlag som du inte har behörighet att se$/.test(t)),
    'probation sees how many records exist behind the scores, not what', notes.join(' | '));
  ok(await fpage.locator('main a[href^="/incidents/"]').count() === 0, 'and no incident');
  await checkAxe(fpage, '/analys/personer/CODE (probation)');

  ok(problems.length === 0, 'no console errors or CSP violations on the analysis pages', problems.join(' | '));
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
  const v = Object.entries(allViolations).flatMap(([p, vs]) => vs.map((x) => `${p}: ${x.impact} ${x.id}`));
  console.log(`# axe violations (all impacts): ${v.length ? v.join('; ') : 'none'}`);
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
  finish();
}
process.exitCode = fail ? 1 : 0;

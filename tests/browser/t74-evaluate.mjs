// t74-evaluate.mjs — the evaluation pages (/utvardering, /utvardering/rapport) in a real
// browser: Debian's Chromium driven by playwright-core on the demo programme.  The evaluator
// logs in, states the purpose, follows Utvärdering in the menu, runs an interrupted time
// series and a synthetic control through the form and sees their charts (the engine's SVG
// in the page) and figures equal to `gvi --json evaluate`; then makes the steering-group
// report and prints it to PDF.  No console error or Content-Security-Policy violation, and
// axe-core finds no serious or critical violation.  Screenshots go to
// tests/browser/screenshots/.  Counts "P F" go to $COUNTS for tests/run.
//
// Run by tests/run with GVI naming the binary; alone: GVI=$PWD/gvi node tests/browser/t74-evaluate.mjs
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gvi-browser-eval.'));
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

  // ---- the demo programme, with a password for the evaluator ----
  const repo = path.join(work, 'demo.db');
  env.GVI_REPO = repo;
  execFileSync(GVI, ['demo', repo, '--seed', '7'], { env, stdio: 'pipe' });
  const PW = 'utvarderare-lösen-1';
  gvi('admin', ['passwd', 'utvarderare'], `${PW}\n`);
  const its = JSON.parse(gvi('utvarderare', ['--json', 'evaluate', 'its', '--area', 'Norrvik', '--outcome', 'incidents', '--intervention', '2025-01']));
  const DON = 'Stenhagen,Lilla Ängby,Björkdalen,Sjöbro centrum,Fjärdsholmen';
  const syn = JSON.parse(gvi('utvarderare', ['--json', 'evaluate', 'synth', '--area', 'Kvarnbacken', '--compare', DON, '--outcome', 'incidents', '--intervention', '2025-01']));
  ok(true, 'the demo programme made and evaluated with the CLI');

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
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  ctx.setDefaultTimeout(30000);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url ? new URL(m.location().url).pathname : '';
    if (where !== '/favicon.ico') problems.push(`${where}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${B}/login`);
  await page.getByLabel('Användarnamn').fill('utvarderare');
  await page.getByLabel('Lösenord').fill(PW);
  await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel('operativ GVI-verksamhet').check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);

  await Promise.all([page.waitForURL(`${B}/utvardering`), page.getByRole('link', { name: 'Utvärdering', exact: true }).click()]);
  eq(await page.locator('h1').innerText(), 'Utvärdering', 'the menu leads to Utvärdering');
  await checkAxe(page, '/utvardering (the form)');

  // ---- an interrupted time series ----
  const area = page.getByLabel('Område (ett eller flera, med komma emellan)');
  await area.fill('Norrvik');
  await page.getByLabel('Utfall').fill('incidents');
  await page.getByLabel('Insatsens första månad (ÅÅÅÅ-MM)').fill('2025-01');
  await page.getByLabel('Metod').selectOption('its');
  await Promise.all([page.waitForURL(/method=its/), page.getByRole('button', { name: 'Kör utvärderingen' }).click()]);
  ok(await page.locator('figure.eval-chart svg').count() === 1, 'the ITS chart is in the page');
  ok(await page.locator('figure.eval-chart svg path, figure.eval-chart svg polyline, figure.eval-chart svg circle').count() > 3, 'and drawn');
  const lvl = Number(await page.locator(`tr[data-term="${its.level_change.name}"] .fig`).first().getAttribute('data-v'));
  ok(Math.abs(lvl - its.level_change.rate_ratio) < 1e-9, 'the level change is the CLI\'s', `${lvl} vs ${its.level_change.rate_ratio}`);
  ok(/Antalet händelser direkt vid insatsens start (minskade|ökade) med/.test(await page.locator('#interp-level').innerText()), 'said in plain Swedish');
  const box = await page.locator('figure.eval-chart svg').boundingBox();
  ok(box && box.width > 300 && box.width <= 1280, 'the chart fits the page', JSON.stringify(box));
  await page.locator('figure.eval-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'utvardering-its.png'), fullPage: true });
  await checkAxe(page, '/utvardering (ITS)');

  // ---- a synthetic control ----
  await page.getByLabel('Område (ett eller flera, med komma emellan)').fill('Kvarnbacken');
  await page.getByLabel(/^Jämförelseområden/).fill(DON);
  await page.getByLabel('Metod').selectOption('synth');
  await Promise.all([page.waitForURL(/method=synth/), page.getByRole('button', { name: 'Kör utvärderingen' }).click()]);
  ok(await page.locator('figure.eval-chart svg').count() === 1, 'the synthetic control\'s chart is in the page');
  const weights = await page.locator('table.weights tbody tr').count();
  eq(weights, syn.areas[0].weights.length, 'as many donors with weight as the CLI');
  const eff = Number(await page.locator('#interp-synth .fig').first().getAttribute('data-v'));
  ok(Math.abs(eff - Math.abs(syn.areas[0].effect)) < 1e-9, 'the mean gap is the CLI\'s', `${eff} vs ${syn.areas[0].effect}`);
  await page.screenshot({ path: path.join(shots, 'utvardering-synth.png'), fullPage: true });
  await checkAxe(page, '/utvardering (synthetic control)');

  // ---- bad input: the engine's message ----
  const seen = problems.length;   // the 400 below is logged by the browser as a failed load
  await page.getByLabel('Insatsens första månad (ÅÅÅÅ-MM)').fill('2023-12');
  await page.getByLabel('Metod').selectOption('its');
  await Promise.all([page.waitForURL(/method=its/), page.getByRole('button', { name: 'Kör utvärderingen' }).click()]);
  ok(/Felaktig förfrågan/.test(await page.locator('h1').innerText()), 'a too early intervention is a clear error page');
  ok(/too short a pre-period/.test(await page.locator('main').innerText()), 'naming what was wrong');
  problems.splice(seen, problems.filter((x, i) => i >= seen && /status of 400/.test(x)).length);

  // ---- the report ----
  await page.goto(`${B}/utvardering/rapport`);
  await checkAxe(page, '/utvardering/rapport (the form)');
  await page.getByLabel('Område (ett eller flera, med komma emellan)').fill('Norrvik');
  await page.getByLabel('Utfall').fill('incidents');
  await page.getByLabel('Periodens första månad').fill('2026-01');
  await page.getByLabel('Periodens sista månad').fill('2026-06');
  await page.getByLabel('Insatsens första månad (ÅÅÅÅ-MM)').fill('2025-01');
  await Promise.all([page.waitForURL(/rapport\?/), page.getByRole('button', { name: 'Gör rapporten' }).click()]);
  eq(await page.locator('h1').innerText(), 'Lägesrapport till styrgruppen', 'the report');
  const mw = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
  ok(mw !== 'none', 'styled by /static/rapport.css', mw);
  ok(await page.locator('figure svg').count() >= 1, 'with its charts');
  await page.screenshot({ path: path.join(shots, 'utvardering-rapport.png'), fullPage: true });
  await checkAxe(page, '/utvardering/rapport');
  const pdf = await page.pdf({ format: 'A4' });
  ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === '%PDF-', 'the report prints to PDF', pdf.length);

  ok(problems.length === 0, 'no console errors or CSP violations on the evaluation pages', problems.join(' | '));
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

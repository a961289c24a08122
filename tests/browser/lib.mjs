// lib.mjs — the harness the browser tests (tests/browser/t*.mjs) share, so each test holds only
// its own steps and checks: ok/eq counting into $COUNTS ("P F" for tests/run), the fixed clock
// and the CLI runner, `gvi serve` on a free loopback port (waiting for /healthz) and its clean
// stop, Debian's Chromium (/usr/bin/chromium) launched through playwright-core, a page with its
// console and CSP errors collected, the login with the purpose-of-access step, axe-core checks
// under the real Content-Security-Policy, and run(): the watchdog, the sanitizer check on the
// server's log and the cleanup every test ends with.  The name does not start with t+digit, so
// tests/run does not take it for a test.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GVI = process.env.GVI;
const COUNTS = process.env.COUNTS || '/dev/null';
export const CHROMIUM = '/usr/bin/chromium';
export const shots = path.join(here, 'screenshots');
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const started = Date.now();

let pass = 0, fail = 0;
export function ok(cond, desc, detail) {
  if (cond) { pass++; console.log(`ok - ${desc}`); }
  else { fail++; console.log(`not ok - ${desc}${detail !== undefined ? ` (${detail})` : ''}`); }
  return cond;
}
export function eq(actual, wanted, desc) { return ok(actual === wanted, desc, `got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`); }
function finish() { fs.writeFileSync(COUNTS, `${pass} ${fail}\n`); process.exitCode = fail ? 1 : 0; }
const sanitizer = /Sanitizer|runtime error/;

// The same fixed clock as tests/cli/lib.sh, for the CLI and the server alike.  A test sets
// env.GVI_REPO to its repository.
export const env = { ...process.env, GVI_TODAY: '2026-11-25', GVI_NOW: '2026-11-25 10:00:00', GVI_PURPOSE: 'operativ GVI-verksamhet' };
// gvi(user, args, input): runs the CLI on the test repository; throws on a non-zero exit.
export function gvi(user, args, input) {
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

// serverLog is the server's stderr so far (a live binding: importers see it grow).
export let serverLog = '';
let server = null, serverExit = null;
// startServer(): the port of a `gvi serve` answering /healthz, or null after five tries.
export async function startServer() {
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
// stopServer(): SIGTERM, then {code, signal} of the exit; null (and SIGKILL) after 10 s.
export async function stopServer() {
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
// stopServerChecked(): stops the server and checks that it exited cleanly.
export async function stopServerChecked() {
  const r = await stopServer();
  ok(r !== null && r.code === 0, 'SIGTERM stops the server cleanly (exit 0)', JSON.stringify(r));
}
// serveOrThrow(): starts the server, checks that it did, and gives its base address.
export async function serveOrThrow() {
  const port = await startServer();
  if (!ok(port !== null, 'gvi serve starts on a free port', serverLog.split('\n').slice(-5).join(' | '))) throw new Error('no server');
  return `http://127.0.0.1:${port}`;
}

let browser = null;
// launchChromium(): headless Chromium.  playwright-core gives every launch a fresh, empty
// --user-data-dir of its own (and deletes it on close); it refuses one in args.  Without the
// networking flags Chromium tries to reach Google's hosts, which this machine's closed network
// refuses.
export async function launchChromium() {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}
export async function closeBrowser() {
  if (browser) { const b = browser; browser = null; await b.close(); }
}

// Failed loads of the browser's own request for /favicon.ico (no page links one) are only
// noted, at the end of the run.
const notes = new Set();
// newPage({height, timeout, problems, expected4xx, who}): a page in a fresh context (Swedish
// locale, 1280 wide) whose errors go to problems: CSP violations and script errors show as
// console errors, and so does every load that failed, with its address; loads of the pages in
// expected4xx (which the test asks for knowing they answer 4xx) are left out.  who prefixes
// each problem when several users' pages share the list.
export async function newPage({ height = 800, timeout = 10000, problems, expected4xx = new Set(), who = '' }) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height }, locale: 'sv-SE' });
  ctx.setDefaultTimeout(timeout);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url ? new URL(m.location().url).pathname : '';
    const failedLoad = m.text().startsWith('Failed to load resource');
    if (where === '/favicon.ico') notes.add(`${where}: ${m.text()}`);
    else if (!failedLoad || !expected4xx.has(where)) problems.push(`${who}${where}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return page;
}

// login(page, base, user, password, {purpose, fromLoginPage}): through the login form and the
// purpose-of-access step to Översikt.  With fromLoginPage the page is already on /login.
export async function login(page, B, user, pw, { purpose = 'operativ GVI-verksamhet', fromLoginPage = false } = {}) {
  if (!fromLoginPage) await page.goto(`${B}/login`);
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(pw);
  await Promise.all([page.waitForURL(/\/purpose/), page.getByRole('button', { name: 'Logga in' }).click()]);
  await page.getByLabel(purpose).check();
  await Promise.all([page.waitForURL(`${B}/`), page.getByRole('button', { name: 'Fortsätt' }).click()]);
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
// checkAxe(page, name): one check: no serious or critical violation; all are listed as comments.
export async function checkAxe(page, name) {
  const v = await axe(page);
  allViolations[name] = v;
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id}: ${x.help} — ${x.nodes.slice(0, 5).join(', ')}`);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  ok(bad.length === 0, `axe-core finds no serious or critical violations on ${name}`,
    bad.map((x) => `${x.impact} ${x.id}`).join(', '));
}

// run(tmpPrefix, seconds, body): body(work) with a fresh temporary directory, under a watchdog
// of the given seconds; a throw counts as one failure; then the browser and the server are
// stopped, the server's log is checked for sanitizer reports, and the counts are written.
export async function run(tmpPrefix, seconds, body) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const watchdog = setTimeout(() => {
    console.log(`not ok - the browser test finishes within ${seconds} s`);
    fail++; finish();
    if (server) server.kill('SIGKILL');
    process.exit(1);
  }, seconds * 1000);
  try {
    ok(typeof GVI === 'string' && fs.existsSync(GVI), 'GVI names the gvi binary', GVI);
    ok(fs.existsSync(CHROMIUM), `Chromium is installed at ${CHROMIUM} (scripts/setup installs it)`);
    fs.mkdirSync(shots, { recursive: true });
    await body(work);
  } catch (e) {
    ok(false, 'the browser test runs to its end', e && e.stack ? e.stack : String(e));
  } finally {
    await closeBrowser().catch(() => {});
    if (server) await stopServer();
    ok(!sanitizer.test(serverLog), 'no sanitizer report from the server',
      serverLog.split('\n').filter((l) => sanitizer.test(l)).slice(0, 5).join(' | '));
    fs.rmSync(work, { recursive: true, force: true });
    clearTimeout(watchdog);
    for (const n of notes) console.log(`# note: the browser asked for ${n}`);
    const v = Object.entries(allViolations).flatMap(([p, vs]) => vs.map((x) => `${p}: ${x.impact} ${x.id}`));
    console.log(`# axe violations (all impacts): ${v.length ? v.join('; ') : 'none'}`);
    console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
    finish();
  }
}

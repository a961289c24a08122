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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GVI, env, gvi, ok, eq, shots, serverLog, serveOrThrow, stopServerChecked, launchChromium, closeBrowser, newPage, login, checkAxe, run } from './lib.mjs';

await run('gvi-browser.', 120, async (work) => {

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
  const B = await serveOrThrow();

  const browser = await launchChromium();
  ok(true, `Chromium ${browser.version()} starts headless`);

  // Pages this test asks for knowing they answer 4xx go into expected4xx.
  const problems = [], expected4xx = new Set();
  const page = await newPage({ problems, expected4xx });

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
  await login(page, B, 'kim', KPW, { purpose: 'uppföljning', fromLoginPage: true });
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
  // The Content-Security-Policy holds in a real browser: an inline script is not run.
  let blocked = false;
  try { await page.addScriptTag({ content: 'window.gviInline = 1;' }); } catch { blocked = true; }
  ok(blocked && (await page.evaluate(() => window.gviInline)) === undefined, 'the CSP keeps an injected inline script from running');
  await closeBrowser();

  // ---- SIGTERM stops the server cleanly ----
  await stopServerChecked();
  ok(serverLog.includes('gvi serve: stopped'), 'it says it stopped');
  ok(!/P-ASA001|Åsa|Sasse|20080512/.test(serverLog), 'the access log holds no personal data');
});

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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GVI, env, gvi, ok, eq, shots, serverLog, serveOrThrow, stopServerChecked, launchChromium, closeBrowser, newPage, login, checkAxe, run } from './lib.mjs';

await run('gvi-browser.', 120, async (work) => {

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

  const B = await serveOrThrow();
  await launchChromium();
  const problems = [], expected4xx = new Set();
  const page = await newPage({ problems, expected4xx });
  const shot = (name) => page.screenshot({ path: path.join(shots, `forms-${name}.png`), fullPage: true });

  await login(page, B, 'anna', PW);
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
  await login(page, B, 'kim', KPW, { fromLoginPage: true });
  for (const p of ['/r/person', '/incidents/new']) expected4xx.add(p);
  let resp = await page.goto(`${B}/r/person`);
  eq(resp.status(), 403, 'the community partner is refused the person list under /r/ (403)');
  resp = await page.goto(`${B}/incidents/new`);
  eq(resp.status(), 403, 'and the incident form (403)');
  await shot('refused');
  await closeBrowser();
  await stopServerChecked();
  ok(!/P-CEC001|Cecilia/.test(serverLog), 'the access log holds no personal data');
});

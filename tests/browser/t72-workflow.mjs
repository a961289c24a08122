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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GVI, env, gvi, ok, eq, shots, serveOrThrow, stopServerChecked, launchChromium, closeBrowser, newPage, login, checkAxe, run } from './lib.mjs';

await run('gvi-browser-wf.', 150, async (work) => {

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

  const B = await serveOrThrow();
  await launchChromium();
  const problems = [], expected4xx = new Set();
  const page = await newPage({ height: 900, problems, expected4xx });

  await login(page, B, 'anna', PW);
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
  await closeBrowser();
  await stopServerChecked();
});

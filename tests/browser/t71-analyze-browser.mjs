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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GVI, env, gvi, ok, eq, shots, serveOrThrow, stopServerChecked, launchChromium, newPage, login, checkAxe, run } from './lib.mjs';

await run('gvi-browser-analys.', 150, async (work) => {

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

  const B = await serveOrThrow();
  await launchChromium();
  const problems = [];
  async function session(user, pw) {
    const page = await newPage({ height: 900, timeout: 30000, problems, who: `${user} ` });
    await login(page, B, user, pw);
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
  await stopServerChecked();
});

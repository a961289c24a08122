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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GVI, env, gvi, ok, eq, shots, serveOrThrow, stopServerChecked, launchChromium, newPage, login, checkAxe, run } from './lib.mjs';

await run('gvi-browser-eval.', 150, async (work) => {

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

  const B = await serveOrThrow();
  await launchChromium();
  const problems = [];
  const page = await newPage({ height: 900, timeout: 30000, problems });
  await login(page, B, 'utvarderare', PW);

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
  await stopServerChecked();
});

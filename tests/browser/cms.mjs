// Drives the CMS at /admin/ of a running `draaiboek serve` as an editor
// would: creates a region through the form, edits a number of an existing
// one, and runs axe on the CMS's own page. Input: a JSON plan {base,
// chromium, region: {path, title, province, partner, theme, text},
// edit: {entry, homes}}; output: JSON with what happened and how long a
// save took to reach the page.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: plan.chromium, args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const out = { errors: [] };
let page = await context.newPage();
page.on('pageerror', (e) => out.errors.push(String(e.message || e)));

async function choose(loc, text) {
  await loc.click();
  await page.keyboard.type(text);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
}
async function publish() {
  await page.getByRole('button', { name: 'Publiceer' }).click();
  await page.getByRole('menuitem', { name: 'Publiceer nu' }).click();
}
/// Polls `path` until its text contains `text`; the milliseconds it took.
async function until(path, text) {
  const start = Date.now();
  while (Date.now() - start < 15000) {
    const r = await fetch(plan.base + path).catch(() => null);
    if (r && r.ok && (await r.text()).includes(text)) return Date.now() - start;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  return null;
}

try {
  await page.goto(plan.base + '/admin/');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText("Regio's").first().waitFor();
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  out.axe = axe;

  const r = plan.region;
  await page.goto(plan.base + '/admin/#/collections/regions/new');
  await page.waitForSelector('[id^=title-field]');
  await page.fill('[id^=path-field]', r.path);
  await page.fill('[id^=title-field]', r.title);
  await page.fill('[id^=province-field]', r.province);
  await choose(page.locator('[id^=kind-field]').first(), 'pact');
  await choose(page.locator('[id^=status-field]').first(), 'signed');
  await page.getByRole('button', { name: 'Voeg partners (partners) toe' }).click();
  await choose(page.locator('[id^=id-field]').last(), r.partner);
  await page.getByRole('button', { name: 'Voeg principes (principles) toe' }).click();
  await choose(page.locator('[id^=theme-field]').last(), r.theme);
  await page.locator('[id^=text-field]').last().fill(r.text);
  await page.locator('[id^=source-field]').last().fill('bron');
  await page.getByRole('button', { name: 'Voeg bronnen (sources) toe' }).click();
  await page.locator('[id^=id-field]').last().fill('bron');
  await page.locator('[id^=title-field]').last().fill('Een bron');
  await page.locator('[id^=url-field]').last().fill('https://bron.example.org/cms');
  const saved = Date.now();
  await publish();
  out.created_ms = await until(`/regio/${r.path}/`, r.text);
  out.created_click_ms = out.created_ms === null ? null : Date.now() - saved;

  // The edit in a page of its own, as an editor opens an entry from the
  // list: the first page is still busy after its save.
  const e = plan.edit;
  page = await context.newPage();
  page.on('pageerror', (err) => out.errors.push(String(err.message || err)));
  await page.goto(plan.base + `/admin/#/collections/regions/entries/${e.entry}`);
  const homes = page.locator('[id^=homes_per_year-field]').first();
  await homes.waitFor();
  await homes.fill(String(e.homes));
  await publish();
  out.edited_ms = await until(`/regio/${e.slug}/`, e.shows);
} catch (err) {
  out.errors.push(String(err.message || err));
}
await browser.close();
process.stdout.write(JSON.stringify(out));

// Loads pages of a built site in Debian's Chromium the way a reader meets
// them and reports every problem found. Input: a JSON file (see
// tests/quality.rs) with the base URL, the pages and what must be visible.
// Exit code 0 when nothing was found, 1 otherwise; findings on stdout.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = new URL(plan.base);
const problems = [];
const note = (page, width, what) => problems.push(`${page} @${width}px: ${what}`);

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function open(width, path, listeners) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
  // Every request to another host is a problem: the site must not call out.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.host !== base.host) {
      listeners.external.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') listeners.console.push(m.text()); });
  page.on('pageerror', (e) => listeners.console.push(e.message));
  page.on('requestfailed', (r) => listeners.failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400 && r.url() !== new URL(path, base).href) listeners.failed.push(`${r.url()} (${r.status()})`); });
  const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  return { context, page, response };
}

let axeRules = new Set();
for (const spec of plan.pages) {
  for (const width of [375, 1280]) {
    const l = { console: [], failed: [], external: [] };
    const { context, page, response } = await open(width, spec.path, l);
    const status = response ? response.status() : 0;
    if (status !== (spec.status ?? 200)) note(spec.path, width, `status ${status}, expected ${spec.status ?? 200}`);
    // Chromium logs the expected status of a 404 page as a console error.
    const expected404 = (c) => spec.status === 404 && c.includes('status of 404');
    for (const c of l.console.filter((c) => !expected404(c))) note(spec.path, width, `console error: ${c}`);
    for (const f of l.failed) note(spec.path, width, `failed request: ${f}`);
    for (const e of l.external) note(spec.path, width, `request to another host: ${e}`);
    const overflow = await page.evaluate(() => {
      const el = document.documentElement;
      return el.scrollWidth > el.clientWidth ? `${el.scrollWidth} > ${el.clientWidth}` : '';
    });
    if (overflow) note(spec.path, width, `horizontal page overflow (${overflow})`);
    for (const text of spec.visible ?? []) {
      const loc = page.getByText(text, { exact: false }).first();
      if (!(await loc.count()) || !(await loc.isVisible())) note(spec.path, width, `"${text}" is not visible`);
    }
    if (spec.screenshot) {
      mkdirSync(plan.screenshots, { recursive: true });
      await page.screenshot({ path: `${plan.screenshots}/${spec.screenshot}-${width}.png`, fullPage: true });
    }
    if (width === 1280 || spec.axeAllWidths) {
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return {
          violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
          rules: [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map((x) => x.id),
        };
      });
      result.rules.forEach((r) => axeRules.add(r));
      for (const v of result.violations) note(spec.path, width, `axe ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
    }
    await context.close();
  }
}

// Keyboard: the first Tab reaches a visible skip link with a visible focus
// style, Enter moves focus to the main content, and every focusable element
// on the home page shows where focus is.
{
  const l = { console: [], failed: [], external: [] };
  const { context, page } = await open(1280, plan.keyboardPage, l);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute('href'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth), onScreen: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 };
  });
  if (first.cls !== 'skiplink' || first.href !== '#inhoud') note(plan.keyboardPage, 1280, `first Tab lands on ${first.cls} ${first.href}, not the skip link`);
  if (!first.onScreen) note(plan.keyboardPage, 1280, 'skip link is not visible when focused');
  if (first.outline === 'none' || !(first.width > 0)) note(plan.keyboardPage, 1280, 'skip link has no visible focus outline');
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => ({ hash: location.hash, active: document.activeElement.id }));
  if (after.hash !== '#inhoud' || after.active !== 'inhoud') note(plan.keyboardPage, 1280, `skip link leads to ${after.hash}, focus on #${after.active}`);
  const count = await page.evaluate(() => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').length);
  await page.evaluate(() => document.activeElement.blur());
  for (let i = 0; i < Math.min(count, 60); i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      const s = getComputedStyle(a);
      return { tag: a.tagName, text: (a.textContent || '').trim().slice(0, 40), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (f.tag === 'BODY') break;
    if (f.outline === 'none' || !(f.width > 0)) note(plan.keyboardPage, 1280, `focus not visible on ${f.tag} "${f.text}"`);
  }
  await context.close();
}

await browser.close();
console.log(JSON.stringify({ pages: plan.pages.length, axeRules: [...axeRules].sort(), problems }, null, 1));
process.exit(problems.length ? 1 : 0);

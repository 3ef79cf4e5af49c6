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
// The site under test may also be served from a second local server (the
// sub-path run of the search check); every other host is foreign.
const ownHosts = new Set([base.host, ...(plan.search ?? []).map((r) => new URL(r.base).host)]);
const problems = [];
const note = (page, width, what) => problems.push(`${page} @${width}px: ${what}`);
// Chromium fetches the favicon after the load event and drops the fetch
// when the tab moves on to the next page; a missing one is still a 404.
const dropped = (f) => f.includes('/favicon.') && f.endsWith('(net::ERR_ABORTED)');

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// The server's Content-Security-Policy holds in every tab, except where axe
// is injected (an inline script, which the policy rightly refuses): the
// pass at 375px loads every page under it, and every flow below runs
// under it too.
async function open(width, path, listeners, bypassCSP = false) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce', bypassCSP });
  // Each refusal of the policy, as the page itself sees it.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} refused ${e.blockedURI || 'inline'}${e.sample ? ` (${e.sample})` : ''}`);
    });
  });
  // Every request to another host is a problem: the site must not call out.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (!ownHosts.has(u.host)) {
      listeners.external.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') listeners.console.push(m.text()); });
  page.on('pageerror', (e) => listeners.console.push(e.message));
  page.on('requestfailed', (r) => listeners.failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) listeners.failed.push(`${r.url()} (${r.status()})`); });
  const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  return { context, page, response };
}

let axeRules = new Set();
// One browser tab per width, reused for every page: far faster than a new
// context per page, and listeners report into the current page's record.
for (const width of [375, 1280]) {
  const l = { console: [], failed: [], external: [] };
  const { context, page } = await open(width, '/', l, width === 1280);
  for (const spec of plan.pages) {
    l.console.length = 0;
    l.failed.length = 0;
    l.external.length = 0;
    const target = new URL(spec.path, base).href;
    const response = await page.goto(target, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    if (status !== (spec.status ?? 200)) note(spec.path, width, `status ${status}, expected ${spec.status ?? 200}`);
    if (width !== 1280) {
      if (plan.csp && !(response && (await response.allHeaders())['content-security-policy'])) note(spec.path, width, 'no Content-Security-Policy header');
      for (const v of await page.evaluate(() => window.__csp || [])) note(spec.path, width, `CSP violation: ${v}`);
    }
    // Chromium logs the expected status of a 404 page as a console error.
    const expected404 = (c) => spec.status === 404 && c.includes('status of 404');
    for (const c of l.console.filter((c) => !expected404(c))) note(spec.path, width, `console error: ${c}`);
    for (const f of l.failed.filter((f) => !f.startsWith(`${target} (`) && !dropped(f))) note(spec.path, width, `failed request: ${f}`);
    for (const e of l.external) note(spec.path, width, `request to another host: ${e}`);
    const overflow = await page.evaluate(() => {
      const el = document.documentElement;
      return el.scrollWidth > el.clientWidth ? `${el.scrollWidth} > ${el.clientWidth}` : '';
    });
    if (overflow) note(spec.path, width, `horizontal page overflow (${overflow})`);
    for (const text of spec.visible ?? []) {
      // In the page's own content: the folded menu repeats section names.
      const loc = page.locator('main').getByText(text, { exact: false }).first();
      if (!(await loc.count()) || !(await loc.isVisible())) note(spec.path, width, `"${text}" is not visible`);
    }
    if (spec.screenshot) {
      mkdirSync(plan.screenshots, { recursive: true });
      await page.screenshot({ path: `${plan.screenshots}/${spec.screenshot}-${width}.png`, fullPage: true });
    }
    if (width === 1280) {
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
  }
  await context.close();
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

// Keyboard on the comparison table: sort a column with Enter (numbers as
// numbers, "onbekend" last both ways), and choose two regions with Space to
// see only those, the choice kept in the address.
if (plan.comparePage) {
  const where = plan.comparePage;
  const l = { console: [], failed: [], external: [] };
  const { context, page } = await open(1280, where, l);
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    return { tag: a.tagName, cls: a.className, type: a.type || '', text: (a.textContent || '').trim() };
  });
  const tabUntil = async (pred, back = false, limit = 400) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const a = await active();
      if (pred(a)) return a;
    }
    return null;
  };
  const values = () => page.evaluate((label) => {
    const heads = [...document.querySelectorAll('#vergelijking thead th')];
    const i = heads.findIndex((h) => h.textContent.trim().startsWith(label));
    return {
      sort: heads[i] ? heads[i].getAttribute('aria-sort') : null,
      cells: [...document.querySelectorAll('#vergelijking tbody tr')].filter((r) => !r.hidden).map((r) => r.cells[i].getAttribute('data-sort')),
    };
  }, plan.sortColumn);
  const button = await tabUntil((a) => a.cls === 'sort' && a.text.startsWith(plan.sortColumn));
  if (!button) note(where, 1280, `no sort button for "${plan.sortColumn}" reachable by Tab`);
  else {
    const isSorted = (cells, dir) => {
      const raw = cells.filter((c) => c !== '');
      const numeric = raw.every((c) => !Number.isNaN(Number(c)));
      const known = numeric ? raw.map(Number) : raw;
      const tailEmpty = cells.slice(known.length).every((c) => c === '');
      const ordered = known.every((v, i) => i === 0 || (dir === 'ascending' ? known[i - 1] <= v : known[i - 1] >= v));
      return tailEmpty && ordered && known.length > 1;
    };
    await page.keyboard.press('Enter');
    let v = await values();
    if (v.sort !== 'ascending' || !isSorted(v.cells, 'ascending')) note(where, 1280, `Enter did not sort ascending: ${v.sort} ${v.cells}`);
    await page.keyboard.press('Enter');
    v = await values();
    if (v.sort !== 'descending' || !isSorted(v.cells, 'descending')) note(where, 1280, `second Enter did not sort descending: ${v.sort} ${v.cells}`);
  }
  const first = await tabUntil((a) => a.type === 'checkbox');
  await page.keyboard.press('Space');
  const second = await tabUntil((a) => a.type === 'checkbox');
  await page.keyboard.press('Space');
  const show = await tabUntil((a) => a.tag === 'BUTTON' && a.text.startsWith('Toon gekozen'), true);
  if (!first || !second || !show) note(where, 1280, 'checkboxes or the "Toon gekozen" button are not reachable by keyboard');
  else {
    await page.keyboard.press('Enter');
    const state = await page.evaluate(() => ({
      shown: [...document.querySelectorAll('#vergelijking tbody tr')].filter((r) => !r.hidden).length,
      query: new URL(location.href).searchParams.get('regios') || '',
    }));
    if (state.shown !== 2 || state.query.split(',').length !== 2) note(where, 1280, `choosing two regions shows ${state.shown} rows, address ?regios=${state.query}`);
    // The shared address opens the same view.
    const again = await context.newPage();
    await again.goto(page.url());
    const shown = await again.evaluate(() => [...document.querySelectorAll('#vergelijking tbody tr')].filter((r) => !r.hidden).length);
    if (shown !== 2) note(where, 1280, `the shared address shows ${shown} rows, not 2`);
  }
  for (const c of l.console) note(where, 1280, `console error: ${c}`);
  await context.close();
}

// Print on A4: the page as print media at the width of an A4 text column
// (210 mm less margins, 673 CSS px): no navigation or search, nothing wider
// than the paper, link addresses after link text, sources printed, boxes,
// tables and charts not split; then a real PDF for a look.
for (const path of plan.print ?? []) {
  const l = { console: [], failed: [], external: [] };
  const { context, page } = await open(673, path, l);
  await page.emulateMedia({ media: 'print' });
  const r = await page.evaluate(() => {
    const shown = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
    const hiddenAll = (sel) => [...document.querySelectorAll(sel)].every((e) => !shown(e));
    const ext = document.querySelector('main .sources a[href^="http"], main .body a[href^="http"]');
    const after = ext ? getComputedStyle(ext, '::after').content : '';
    const whole = [...document.querySelectorAll('main figure, main .box, main svg')].filter((e) => getComputedStyle(e).breakInside !== 'avoid').length;
    const el = document.documentElement;
    return {
      nav: hiddenAll('.site-header, .site-nav, .breadcrumbs, form[role="search"], .toc, .site-footer'),
      sources: shown(document.querySelector('main .sources')),
      link: ext ? ext.getAttribute('href') : null,
      after,
      whole,
      overflow: el.scrollWidth > el.clientWidth + 1 ? `${el.scrollWidth} > ${el.clientWidth}` : '',
    };
  });
  if (!r.nav) note(path, 673, 'print: navigation, search, contents or footer still shown');
  if (!r.sources) note(path, 673, 'print: the source list is not printed');
  if (!r.link) note(path, 673, 'print: no external link to check');
  else if (!r.after.includes(r.link)) note(path, 673, `print: the address of ${r.link} is not shown after it (${r.after})`);
  if (r.whole) note(path, 673, `print: ${r.whole} boxes, figures or charts may be split across pages`);
  if (r.overflow) note(path, 673, `print: wider than A4 (${r.overflow})`);
  mkdirSync(plan.screenshots, { recursive: true });
  const name = path.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'home';
  const pdf = await page.pdf({ path: `${plan.screenshots}/print-${name}.pdf`, format: 'A4', printBackground: false, preferCSSPageSize: true });
  if (pdf.length < 1000) note(path, 673, 'print: the PDF is empty');
  await context.close();
}

// Search with the keyboard only: Tab to the header box, type, arrow down to
// the first hit, Enter opens it at its anchor. Then the search page itself
// with a query in its address: ranked hits with the words marked. Each
// query's expected first hit is computed by the build's own ranking code,
// and the flow runs on the site at the root and under a sub-path.
for (const run of plan.search ?? []) {
  const siteBase = new URL(run.base);
  for (const q of run.queries) {
    const where = `${siteBase.pathname} search "${q.query}"`;
    const l = { console: [], failed: [], external: [] };
    const { context, page } = await open(1280, siteBase.href, l);
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement && document.activeElement.dataset.search === 'header');
    }
    if (!found) { note(where, 1280, 'the header search box is not reachable with Tab'); await context.close(); continue; }
    await page.keyboard.type(q.query, { delay: 20 });
    // Wait until the list shows the whole query, not a prefix still being typed.
    const first = page.locator(`#zoek-resultaten[data-query="${q.query}"] a.hit-title`).first();
    try { await first.waitFor({ state: 'visible', timeout: 5000 }); } catch { note(where, 1280, 'no results appear under the header box'); await context.close(); continue; }
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    const expected = siteBase.pathname + q.expect;
    if (focused !== expected) note(where, 1280, `ArrowDown focuses ${focused}, expected the first hit ${expected}`);
    await Promise.all([page.waitForURL((u) => u.pathname + u.hash === expected, { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
    const landed = await page.evaluate(() => location.pathname + location.hash);
    if (landed !== expected) note(where, 1280, `Enter leads to ${landed}, expected ${expected}`);
    const target = await page.evaluate(() => location.hash && !!document.getElementById(decodeURIComponent(location.hash.slice(1))));
    if (expected.includes('#') && !target) note(where, 1280, `no element for the anchor of ${landed}`);

    // The search page, opened with the query in its address.
    await page.goto(new URL(`zoeken/?q=${encodeURIComponent(q.query)}`, siteBase).href, { waitUntil: 'load' });
    const hit = page.locator(`#zoekresultaten[data-query="${q.query}"] a.hit-title`).first();
    try { await hit.waitFor({ state: 'visible', timeout: 5000 }); } catch { note(where, 1280, 'the search page shows no results'); await context.close(); continue; }
    const shown = await page.evaluate(() => ({
      href: document.querySelector('#zoekresultaten a.hit-title').getAttribute('href'),
      value: document.getElementById('zoekvraag').value,
      status: document.getElementById('zoekstatus').textContent,
      marks: [...document.querySelectorAll('#zoekresultaten mark')].map((m) => m.textContent),
      meta: document.querySelector('#zoekresultaten .hit-meta').textContent,
    }));
    if (shown.href !== expected) note(where, 1280, `search page ranks ${shown.href} first, expected ${expected}`);
    if (shown.value !== q.query) note(where, 1280, `the box shows "${shown.value}"`);
    if (!shown.status) note(where, 1280, 'no result count is announced');
    if (q.mark && !shown.marks.some((m) => m.toLowerCase().startsWith(q.mark))) note(where, 1280, `no highlighted "${q.mark}…" in the snippets: ${shown.marks.join(', ')}`);
    if (q.kind && !shown.meta.startsWith(q.kind)) note(where, 1280, `first hit is labelled "${shown.meta}", expected ${q.kind}`);
    for (const v of await page.evaluate(() => window.__csp || [])) note(where, 1280, `CSP violation: ${v}`);
    for (const c of l.console) note(where, 1280, `console error: ${c}`);
    for (const f of l.failed.filter((f) => !dropped(f))) note(where, 1280, `failed request: ${f}`);
    for (const e of l.external) note(where, 1280, `request to another host: ${e}`);
    await context.close();
  }
}

await browser.close();
console.log(JSON.stringify({ pages: plan.pages.length, axeRules: [...axeRules].sort(), problems }, null, 1));
process.exit(problems.length ? 1 : 0);

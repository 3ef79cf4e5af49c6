// Serves a built site from a folder and looks at pages in Debian's
// Chromium the way a reader would: at a given width, after clicks, it
// evaluates a probe and reports its value with the page's failed requests.
// Input: a JSON plan (see tests/common/browser.rs); output: JSON on stdout.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.csv': 'text/csv',
  '.png': 'image/png', '.pdf': 'application/pdf', '.txt': 'text/plain' };

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(plan.root, path));
  if (!file.startsWith(normalize(plan.root))) { res.writeHead(403); return res.end(); }
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><title>404</title>');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
// A running `draaiboek serve` is looked at as it is; a folder is served here.
const base = plan.base ?? `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const results = [];
for (const look of plan.looks) {
  const context = await browser.newContext({ viewport: { width: look.width, height: 800 }, reducedMotion: 'reduce' });
  // What the page's Content-Security-Policy refused, for probes to read.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI || 'inline'}`));
  });
  const page = await context.newPage();
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${new URL(r.url()).pathname} (${r.status()})`); });
  page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
  try {
    await page.goto(base + look.path, { waitUntil: 'load' });
    for (const sel of look.click) await page.click(sel);
    await page.waitForTimeout(50);
    const value = await page.evaluate(`(() => (${look.probe}))()`);
    results.push({ value, failed });
  } catch (e) {
    results.push({ error: String(e), failed });
  }
  await context.close();
}
await browser.close();
server.close();
console.log(JSON.stringify(results));

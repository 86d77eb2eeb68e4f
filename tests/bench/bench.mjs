// Prints the portal's timing figures against Garage on loopback, each next to a peer measured in
// the same page and run: a raw fetch of the same presigned ListObjectsV2 request. Not a test.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const config = JSON.parse(readFileSync(process.env.BENCH_CONFIG, 'utf8'));
const RUNS = Number(process.env.BENCH_RUNS || 15);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ locale: 'en-US' });
const page = await context.newPage();

async function portalRun(prefix, until) {
  await page.goto(config.portalUrl);
  await page.getByLabel('Paste credentials').fill(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(config.endpoint);
  await page.getByLabel('Prefix', { exact: true }).fill(prefix);
  return page.evaluate(
    ({ until }) =>
      new Promise((resolve) => {
        const done = () =>
          until === 'first'
            ? document.querySelector('table.listing tbody tr')
            : /^\d+ items$/.test(document.getElementById('listing-heading')?.textContent ?? '');
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        document.querySelector('form button[type=submit]').click();
      }),
    { until },
  );
}

async function rawRun(urls) {
  return page.evaluate(async (urls) => {
    const start = performance.now();
    for (const url of urls) {
      const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
      await response.text();
    }
    return performance.now() - start;
  }, urls);
}

const figures = [];
for (const [label, prefix, until, urls] of [
  ['Connect → first rows (root folder)', '', 'first', config.rawRoot],
  [`Connect → all rows (${config.manyCount} keys, ${config.rawMany.length} pages)`, 'many/', 'all', config.rawMany],
]) {
  const portal = [];
  const raw = [];
  for (let i = 0; i < RUNS; i++) {
    portal.push(await portalRun(prefix, until));
    raw.push(await rawRun(urls));
  }
  figures.push({ label, portal: median(portal), raw: median(raw) });
}
await browser.close();

for (const f of figures) {
  console.log(`${f.label}: ${f.portal.toFixed(1)} ms (median of ${RUNS}); raw fetch of the same listing: ${f.raw.toFixed(1)} ms; ratio ${(f.portal / f.raw).toFixed(2)}×`);
}

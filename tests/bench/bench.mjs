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
  figures.push({ label, portal: median(portal), raw: median(raw), runs: RUNS, peer: 'raw fetch of the same listing' });
}
// Download throughput: the in-app path (stream into a picked folder, verify) vs a raw fetch that
// only reads the same object's bytes, in the same page.
const DOWNLOAD_RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS || 3);
await context.addInitScript(() => {
  window.showDirectoryPicker = async () => navigator.storage.getDirectory();
});
const inApp = [];
const rawBig = [];
for (let i = 0; i < DOWNLOAD_RUNS; i++) {
  await page.goto(config.portalUrl);
  await page.getByLabel('Paste credentials').fill(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(config.endpoint);
  await page.getByLabel('Prefix', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('checkbox', { name: `Select ${config.bigName}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (1)' }).click();
  const start = page.getByRole('button', { name: 'Choose folder and start' });
  await start.waitFor();
  const t0 = Date.now();
  await start.click();
  await page.getByText(/^1 of 1 files/).waitFor({ timeout: 300_000 });
  inApp.push(Date.now() - t0);
  rawBig.push(
    await page.evaluate(async (url) => {
      const t = performance.now();
      const reader = (await fetch(url, { cache: 'no-store' })).body.getReader();
      while (!(await reader.read()).done);
      return performance.now() - t;
    }, config.rawBig),
  );
}
const mbps = (ms) => config.bigBytes / 1048576 / (ms / 1000);
figures.push({
  label: `Download ${config.bigName}: in-app ${mbps(median(inApp)).toFixed(0)} MB/s (written + verified), raw fetch ${mbps(median(rawBig)).toFixed(0)} MB/s`,
  portal: median(inApp),
  raw: median(rawBig),
  runs: DOWNLOAD_RUNS,
  peer: 'raw fetch of the same object',
});

await browser.close();

for (const f of figures) {
  console.log(`${f.label}: ${f.portal.toFixed(1)} ms (median of ${f.runs}); ${f.peer}: ${f.raw.toFixed(1)} ms; time ratio ${(f.portal / f.raw).toFixed(2)}×`);
}

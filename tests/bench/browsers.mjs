// Prints, for each browser the end-to-end suite runs in (Chromium, Firefox ESR, WebKitGTK), the
// throughput of the page's streamed paths next to that browser's own raw fetch of the same bytes:
// one 200 MB file saved with progress (through the service worker) against `fetch → pipeTo` of
// its presigned URL, and the ZIP of 2,000 files against raw fetches of them six at a time (the
// sizes scripts/bench.sh seeded).
// Not a test: nothing here passes or fails on time. BENCH_BROWSERS picks browsers.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { Page, closeBrowsers } from '../e2e/browsers.mjs';
import { rawFetch } from './peers.mjs';

const config = JSON.parse(readFileSync(process.env.BENCH_CONFIG, 'utf8'));
const MB = 1048576;
const mbps = (bytes, ms) => bytes / MB / (ms / 1000);
const browsers = (process.env.BENCH_BROWSERS || 'chromium firefox webkit').split(/\s+/).filter(Boolean);

// Reads `url` to its end in the page, through `pipeTo` into a sink that keeps nothing: ms.
function rawPipe(page, url) {
  return page.evaluate(async (url) => {
    const started = performance.now();
    const answer = await fetch(url);
    if (!answer.ok) throw new Error(`the raw fetch was answered ${answer.status}`);
    await answer.body.pipeTo(new WritableStream());
    return performance.now() - started;
  }, url);
}

// A fresh page, connected, on the streamed paths (Chromium's pickers taken away, as elsewhere).
async function connected(browser) {
  const page = await Page.open(config.portalUrl, { browser });
  if (page.can('addInitScript')) {
    await page.addInitScript(() => {
      for (const picker of ['showDirectoryPicker', 'showSaveFilePicker']) Object.defineProperty(window, picker, { value: undefined });
    });
    await page.reload();
  }
  await page.getByLabel('Paste credentials').fill(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(config.endpoint);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('table.listing tbody tr.line').first().waitFor({ timeout: 60_000 });
  return page;
}

// Clicks through to a streamed download and waits for the file the browser saved: ms, bytes.
async function streamed(page, start, button, done) {
  await start();
  let started;
  let ms;
  // Timed from the click to the page saying the download is whole (the harness's own wait for the
  // file to settle, and Playwright's copy of it, are not the page's).
  const saved = await page.expectDownload(async () => {
    started = Date.now();
    await page.getByRole('button', { name: button }).click();
    await done.waitFor({ timeout: 600_000 });
    ms = Date.now() - started;
  }, 600_000);
  const bytes = statSync(saved.path).size;
  rmSync(saved.path, { force: true });
  return { ms, bytes };
}

let failed = false;
console.log('== Each browser: the page\'s streamed downloads against the same browser\'s own raw fetch of the same bytes');
for (const browser of browsers) {
  try {
    const page = await connected(browser);
    const raw = await rawPipe(page, config.big.raw);
    const app = await streamed(
      page,
      async () => {
        await page.getByRole('checkbox', { name: `Select ${config.big.name}`, exact: true }).check();
        await page.getByRole('button', { name: 'Download selected (1)' }).click();
      },
      'Save with progress',
      page.locator('tr.transfer[data-outcome="Verified"], tr.transfer[data-outcome="NotVerifiable"]', { hasText: config.big.name }),
    );
    if (app.bytes !== config.big.bytes) throw new Error(`the saved file holds ${app.bytes} bytes, not ${config.big.bytes}`);
    console.log(`  ${browser}: ${config.big.name} saved with progress ${mbps(app.bytes, app.ms).toFixed(0)} MB/s (${app.ms} ms to the file on disk) vs fetch → pipeTo ${mbps(config.big.bytes, raw).toFixed(0)} MB/s (ratio ${(raw / app.ms).toFixed(2)})`);
    await page.close();

    const zipPage = await connected(browser);
    const rawZip = await rawFetch(zipPage, config.rawManyObjects, 6);
    const zip = await streamed(
      zipPage,
      () => zipPage.getByRole('button', { name: 'Download folder many/', exact: true }).click(),
      'Save as one ZIP',
      zipPage.getByText(new RegExp(`^${config.manyCount} of ${config.manyCount} files`)),
    );
    console.log(`  ${browser}: ZIP of ${config.manyCount} files ${(zip.ms / 1000).toFixed(1)} s (${zip.bytes} bytes) vs raw fetches six at a time ${(rawZip / 1000).toFixed(1)} s (ratio ${(rawZip / zip.ms).toFixed(2)})`);
    const memory = browser === 'chromium'
      ? 'measured by the memory section (DevTools; BENCH_ONLY=memory)'
      : `not measured: ${browser === 'firefox' ? 'Firefox' : 'WebKitGTK'} exposes no per-process heap figures to its driver here`;
    console.log(`  ${browser}: memory above idle: ${memory}`);
    await zipPage.close();
  } catch (error) {
    console.log(`  ${browser}: not measured (${String(error.message).split('\n')[0]})`);
    // The smoke run (scripts/test.sh) is there to notice exactly this.
    failed = true;
  }
}
await closeBrowsers();
process.exit(failed && process.env.BENCH_SMOKE ? 1 : 0);

// End-to-end: the packaged release build, served by nginx, in a real browser against Garage (and
// moto for STS). One suite for three engines: E2E_BROWSER=chromium|firefox|webkit picks the browser
// (tests/e2e/browsers.mjs drives each); a test that needs what only one browser's driver can do says
// so in its name and is skipped in the others. Every test starts from a fresh page of its own.
// scripts/test.sh starts the servers, seeds the bucket and passes everything in E2E_CONFIG.
import { test as nodeTest, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, connect as tcpConnect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, readdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER, Page, closeBrowsers } from './browsers.mjs';

// E2E_LIST=1 prints the name of each test this browser runs instead of running anything.
// Each test fails after 10 minutes (the longest takes about one): a browser gone from under its
// driver must not hold the run until CI gives up.
const LIMIT = { timeout: 600_000 };
const test = process.env.E2E_LIST
  ? (name, options) => options?.skip || console.log(`test: ${name}`)
  : (name, options, fn) => (fn ? nodeTest(name, { ...LIMIT, ...options }, fn) : nodeTest(name, LIMIT, options));
const config = JSON.parse(readFileSync(process.env.E2E_CONFIG, 'utf8'));
const downloads = mkdtempSync(join(tmpdir(), 'portal-downloads-'));
let page;

const sha256 = (path) =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });

// A test that needs what only Chromium's driver offers (DevTools network emulation, request
// routing, a fake clock, the origin-private file system standing in for the folder pickers) says
// why in its name and is skipped elsewhere.
function chromiumOnly(why, name, fn) {
  test(`${name} [Chromium only: ${why}]`, BROWSER === 'chromium' ? {} : { skip: `needs ${why}` }, fn);
}
// A test that one browser's driver cannot run says why in its name and is skipped there.
function notIn(browser, why, name, fn) {
  test(`${name} [not ${browser}: ${why}]`, BROWSER === browser.toLowerCase() ? { skip: why } : {}, fn);
}
// The raw Playwright objects of the Chromium driver, for the tests above.
const chromium = () => page.driver.raw;

const alert = () => page.locator('[role="alert"].alert');

// Once connected, the keys and bucket panels fold into one line: "Change" opens them again.
async function openPanels() {
  const change = page.getByRole('button', { name: 'Change', exact: true });
  // The panels fold on the frame after a listing's rows are drawn: let the listing end and that
  // frame come first.
  await page.getByText(/^Loading…/).waitFor({ state: 'hidden' });
  await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(() => drawn(true)))));
  // A click WebKit's driver sends while the panel is drawn anew can go nowhere: once more then.
  for (let tries = 0; tries < 3 && (await change.isVisible()); tries++) {
    await change.click();
    if (await page.getByLabel('Bucket', { exact: true }).waitFor({ timeout: 5000 }).then(() => true, () => false)) return;
  }
}

async function pasteKeys(text) {
  await openPanels();
  await page.getByLabel('Paste credentials').fill(text);
}

// Pastes the test keys with an expiry `ms` from now: the page itself then stops them. The
// panels open first, so their time does not come out of `ms`.
async function pasteKeysExpiringIn(ms) {
  await openPanels();
  const soon = JSON.parse(config.keys);
  soon.Credentials.Expiration = new Date(Date.now() + ms).toISOString();
  await page.getByLabel('Paste credentials').fill(JSON.stringify(soon));
}

// Sets the page's network (no argument: as it is), through one DevTools session per page (Chromium).
const devtools = new WeakMap();
async function network({ offline = false, latency = 0, bytesPerSecond = -1 } = {}) {
  const { context, page: raw } = chromium();
  if (!devtools.has(raw)) devtools.set(raw, await context.newCDPSession(raw));
  await devtools.get(raw).send('Network.emulateNetworkConditions', { offline, latency, downloadThroughput: bytesPerSecond, uploadThroughput: -1 });
}
// Adds `ms` of latency to every request of the page (0 takes it away).
const latency = (ms) => network({ latency: ms });

// `agree`: the endpoint is none config.json allows, so the page asks first; the test agrees.
async function connect({ bucket = config.bucket, prefix = '', endpoint = config.endpoint, agree = false } = {}) {
  await openPanels();
  await page.getByLabel('Bucket', { exact: true }).fill(bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  await page.getByLabel('Prefix', { exact: true }).fill(prefix);
  await page.getByRole('button', { name: 'Connect' }).click();
  if (agree) await page.getByRole('button', { name: 'Use my keys there' }).click();
}

// A new browser page (Chromium: a fresh persistent profile, since an off-the-record one keeps the
// origin-private file system in memory; Firefox: a browser context of its own; WebKit: a new
// MiniBrowser), at the portal, ready for keys.
async function freshPage({ locale = 'en-US' } = {}) {
  await page?.close();
  page = undefined;
  page = await Page.open(config.portalUrl, { locale });
  await page.locator('textarea').waitFor();
}

// A fresh page with the test keys pasted, connected to the bucket (at `prefix`), its rows in.
async function connected({ prefix = '', endpoint = config.endpoint, agree = false } = {}) {
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ prefix, endpoint, agree });
  await page.locator('table.listing tr.line').first().waitFor({ timeout: 60_000 });
  // The whole folder is in (its rows drawn again no more).
  await page.getByText(/^[\d,]+ items$/).waitFor({ timeout: 60_000 });
}

// Clicks the download button of `name` and returns the file the browser saved.
function download(name, timeout = 120_000) {
  return downloadFrom(page.getByRole('button', { name: `Download ${name}`, exact: true }), { timeout });
}

// Clicks `button` and returns what the download manager saved: { path, suggested }. A streamed
// download is whole once the page says so (`until`): WebKit writes it under its own name as it
// comes, so a file that stopped growing (a ZIP waiting for new keys) may not be done.
function downloadFrom(button, { timeout = 300_000, until } = {}) {
  return page.expectDownload(async () => {
    await button.click();
    await until?.waitFor({ timeout });
  }, timeout);
}

// What the clipboard holds, read in the page (each browser's driver allows it its own way).
async function clipboardText() {
  if (BROWSER === 'chromium') {
    await chromium().context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(config.portalUrl).origin });
  }
  if (BROWSER === 'firefox') return page.evaluate(() => navigator.clipboard.readText());
  // WebKit lets no script read the clipboard: a paste from the keyboard into a field of the
  // test's own does.
  await page.evaluate(() => {
    const field = document.createElement('textarea');
    field.id = 'e2e-paste';
    document.body.append(field);
    field.focus();
  });
  await page.keyboard.press('Control+V');
  return page.evaluate(() => {
    const field = document.getElementById('e2e-paste');
    field.remove();
    return field.value;
  });
}

// The page is the package built for the test's hosts: nothing it does may break its own policy.
// (Hooks get their own limit: a driver whose browser is gone must not hold the run.)
afterEach(async () => {
  const seen = page ? await page.cspViolations() : [];
  await page?.close();
  page = undefined;
  assert.deepEqual(seen, [], 'no Content-Security-Policy violation');
}, { timeout: 120_000 });

after(async () => {
  await page?.close();
  await closeBrowsers();
  rmSync(downloads, { recursive: true, force: true });
}, { timeout: 120_000 });

test('pasted assume-role JSON fills the three fields and starts the countdown', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  const parsed = JSON.parse(config.keys).Credentials;
  assert.equal(await page.getByLabel('Access key ID').inputValue(), parsed.AccessKeyId);
  assert.equal(await page.getByLabel('Secret access key').inputValue(), parsed.SecretAccessKey);
  await page.getByText(/Keys expire in \d+ min/).waitFor();
  // The pasted text is cleared once read; no secret in the URL or in localStorage.
  assert.equal(await page.getByLabel('Paste credentials').inputValue(), '');
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!local.includes(parsed.SecretAccessKey));
});

test('Connect lists the root: folders first, keys shown as text', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect();
  const table = page.getByRole('table');
  await table.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.getByText(/^[\d,]+ items$/).waitFor();
  const names = await table.locator('tbody tr th').allInnerTexts();
  const firstFile = names.findIndex((n) => !n.endsWith('/'));
  assert.ok(names.slice(firstFile).every((n) => !n.endsWith('/')), `folders first: ${names}`);
  assert.ok(names.includes(config.htmlName), `shows ${config.htmlName} as text`);
  assert.equal(await table.locator('tbody b, tbody img').count(), 0, 'no HTML injected from a key');
  assert.match(await page.url(), /#\/temp-credentials-s3\/$/);
});

test('a folder opens, the fragment follows, and Back returns', async () => {
  await connected();
  await page.getByRole('link', { name: 'docs/', exact: true }).click();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  assert.match(await page.url(), /#\/temp-credentials-s3\/docs\/$/);
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'docs' }).waitFor();
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

test('a folder of more than 1000 keys is paged through to the server count', async () => {
  await connected();
  await page.getByRole('link', { name: 'many/', exact: true }).click();
  await page.getByText(`${config.manyCount.toLocaleString('en-US')} items`, { exact: true }).waitFor({ timeout: 60_000 });
  // Every row is listed; only those in view (and a screen around them) are drawn.
  assert.equal(await page.getByRole('table').getAttribute('aria-rowcount'), String(config.manyCount + 1));
  const drawn = await page.getByRole('table').locator('tbody tr.file').count();
  assert.ok(drawn > 0 && drawn < 200, `${drawn} rows drawn`);
  assert.ok(config.manyCount > 1000);
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

test('a folder marker is a folder, not a file, and its folder is empty', async () => {
  await connected();
  await page.getByRole('link', { name: 'empty-folder/', exact: true }).click();
  await page.getByText('This folder is empty.').waitFor();
  assert.equal(await page.getByRole('table').locator('tbody tr.file').count(), 0);
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

// Makes a share link for readme.txt that works for a minute, and returns it.
async function shareLink() {
  const readme = config.files.readme;
  await connected();
  await page.getByRole('checkbox', { name: `Select ${readme.name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Share link…' }).click();
  await page.getByLabel('The link works for').selectOption({ label: '1 min' });
  await page.getByRole('button', { name: 'Create link' }).click();
  return page.getByLabel('Link', { exact: true }).inputValue();
}

test('a share link for one selected file: Node downloads the bytes with it, and Copy copies it', async () => {
  const readme = config.files.readme;
  const url = await shareLink();
  await page.getByText(new RegExp(`^This link works until .+ Anyone who has it can download ${readme.name} until then`)).waitFor();
  assert.match(url, /X-Amz-Expires=60&/);
  assert.ok(!url.includes(JSON.parse(config.keys).Credentials.SecretAccessKey), 'never the secret');
  const answer = await fetch(url);
  assert.equal(answer.status, 200);
  assert.match(answer.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.equal(createHash('sha256').update(Buffer.from(await answer.arrayBuffer())).digest('hex'), readme.sha256);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied.').waitFor();
  assert.equal(await clipboardText(), url);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('checkbox', { name: `Select ${readme.name}`, exact: true }).uncheck();
  await page.getByRole('button', { name: 'Share link…' }).waitFor({ state: 'detached' });
});

test('folder facts count every file below a folder and sum their sizes', async () => {
  await connected();
  await page.getByRole('link', { name: 'docs/', exact: true }).click();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  const keys = ['docs/2024/report.txt', 'docs/2024/분기 보고서.txt', 'docs/2025/plan.md', 'docs/readme.txt'];
  const bytes = keys.reduce((sum, key) => sum + Buffer.byteLength(`contents of ${key}\n`), 0);
  await page.getByRole('button', { name: 'Count files and size' }).click();
  await page.getByText(`This folder and its sub-folders hold 4 files, ${bytes} bytes in all.`).waitFor();
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.equal(await page.getByText(/sub-folders hold/).count(), 0, 'the facts were of the other folder');
});

test('a text file previews in the page as text: an .html key is shown as text, never as a page', async () => {
  await connected();
  await page.getByRole('link', { name: 'preview/', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select page.html', exact: true }).check();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const shown = page.locator('.preview pre');
  await shown.waitFor();
  assert.equal((await shown.innerText()).trimEnd(), readFileSync(join(config.filesDir, 'preview/page.html'), 'utf8').trimEnd());
  assert.equal(await page.locator('.preview h1, .preview script').count(), 0, 'no markup rendered');
  assert.equal(await page.evaluate(() => window.previewRan ?? null), null, 'no script ran');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select page.html', exact: true }).uncheck();
  // From the keyboard: P on a row.
  const row = page.locator('table.listing tr.line', { hasText: 'notes.txt' });
  await row.focus();
  await page.keyboard.press('p');
  await page.getByRole('heading', { name: 'Preview of notes.txt' }).waitFor();
  assert.equal((await shown.innerText()).trimEnd(), '첫 줄\nsecond line');
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.equal(await page.locator('.preview').count(), 0, 'the preview goes with its folder');
});

test('a key with + % # ? & \' ~ downloads byte-identical', async () => {
  const file = config.files.special;
  await connected();
  await page.getByRole('link', { name: 'special/', exact: true }).click();
  const { path } = await download(file.name);
  assert.equal(await sha256(path), file.sha256);
  await page.goBack();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

test('a Korean-named file downloads byte-identical under its own name', async () => {
  const file = config.files.korean;
  await connected();
  const { path, suggested } = await download(file.name);
  assert.equal(suggested, file.name);
  assert.equal(await sha256(path), file.sha256);
});

test('a large file downloads byte-identical through the download manager', async () => {
  const file = config.files.big;
  await connected();
  const { path } = await download(file.name, 300_000);
  assert.equal(await sha256(path), file.sha256);
});

test('a wrong secret says the secret was pasted wrong', async () => {
  await freshPage();
  const wrong = JSON.parse(config.keys);
  const s = wrong.Credentials.SecretAccessKey;
  wrong.Credentials.SecretAccessKey = (s[0] === 'a' ? 'b' : 'a') + s.slice(1);
  await pasteKeys(JSON.stringify(wrong));
  await connect();
  await alert().getByText('The secret access key does not match the access key ID').waitFor();
  await alert().getByText('Details').click();
  await alert().getByText('AccessDenied').waitFor();
});

test('a bucket without a CORS rule gets the CORS message and the rule to send', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ bucket: config.noCorsBucket });
  await alert().getByText('the bucket does not allow this page').waitFor();
  const rule = JSON.parse(await alert().locator('pre').innerText());
  assert.deepEqual(rule.CORSRules[0].AllowedOrigins, [new URL(config.portalUrl).origin]);
});

test('an expired key says so and what to do', async () => {
  await freshPage();
  await pasteKeys(config.expiredKeys);
  await connect();
  await alert().getByText('Your keys have expired. Ask the admin for new keys').waitFor();
});

test('keys pasted already expired are refused with their time', async () => {
  await freshPage();
  const old = JSON.parse(config.keys);
  old.Credentials.Expiration = '2020-01-01T00:00:00Z';
  await pasteKeys(JSON.stringify(old));
  await alert().getByText(/These keys expired at/).waitFor();
});

test('kept keys survive a reload and return to the same folder; Forget keys wipes them', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await page.getByLabel('Keep keys in this tab').check();
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).click();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  await page.reload();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Forget keys' }).click();
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  assert.ok(!stored.includes(JSON.parse(config.keys).Credentials.SecretAccessKey));
});

test('without kept keys a reload forgets them but keeps the folder for when keys come back', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ prefix: 'docs/' });
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
  await pasteKeys(config.keys);
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
});

test('the interface switches to Korean', async () => {
  await freshPage();
  await openPanels();
  await page.getByLabel('Language').selectOption('ko');
  await page.getByLabel('자격 증명 붙여넣기').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  await page.getByLabel('언어').selectOption('en');
  await page.getByLabel('Paste credentials').waitFor();
});

test('keyboard only from the top of the page: paste the keys, fill in the bucket, connect, and download a file with Enter', async () => {
  await freshPage();
  // Focus moves only by Tab (Shift+Tab never needed): each control is reached in the page's order.
  const tabTo = async (target) => {
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${target}`);
  };
  await tabTo(page.getByLabel('Paste credentials'));
  await page.keyboard.insertText(config.keys);
  await tabTo(page.getByLabel('Bucket', { exact: true }));
  await page.keyboard.insertText(config.bucket);
  await tabTo(page.getByLabel('Endpoint', { exact: true }));
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(config.endpoint);
  await tabTo(page.getByRole('button', { name: 'Connect' }));
  await page.keyboard.press('Enter');
  // On to the rows, down to the Korean file, and Enter downloads it.
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await tabTo(page.locator('table.listing tr.line[tabindex="0"]'));
  const focusedName = () => page.evaluate(() => document.activeElement?.querySelector('th')?.textContent);
  for (let i = 0; i < 30 && (await focusedName()) !== config.files.korean.name; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focusedName(), config.files.korean.name);
  const saved = await page.expectDownload(() => page.keyboard.press('Enter'));
  assert.equal(saved.suggested, config.files.korean.name);
  // After a session with the keys in use, the secret is nowhere the page could leave it.
  const { SecretAccessKey: secret, SessionToken: token } = JSON.parse(config.keys).Credentials;
  const left = await page.evaluate(async () => ({
    text: location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    databases: (await indexedDB.databases()).length,
  }));
  assert.ok(!left.text.includes(secret) && !(token && left.text.includes(token)), 'no secret in the URL, storage or cookies');
  assert.equal(left.databases, 0, 'no IndexedDB');
});

test("the admin's config.json fills in the endpoint", async () => {
  await freshPage();
  await page.getByText("Paste your keys and press Connect").waitFor();
  await page.waitForFunction((endpoint) => document.getElementById('endpoint')?.value === endpoint, config.endpoint);
});

test('a slow listing shows a running count and can be cancelled', async () => {
  // Every answer comes 1.5 s late through a proxy.
  const proxy = await droppingProxy({ holdMs: 1500 });
  try {
    await connected({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('link', { name: 'many/', exact: true }).click();
    await page.getByText(/^Loading… [\d,]+ items so far$/).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/^Stopped after [\d,]+ items\.$/).waitFor();
  } finally {
    proxy.close();
  }
});

test('keys that run out while the page is open: a warning first, then a stop with the time', async () => {
  await freshPage();
  await pasteKeysExpiringIn(4000);
  await page.locator('.key-status.warn').getByText(/Keys expire in 1 min/).waitFor();
  await alert().getByText(/Your keys expired at .+ Ask the admin for new keys/).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
});

chromiumOnly('a fake clock', "a computer clock two hours slow is corrected and the listing works", async () => {
  // Garage answers "Date is too old" without an exposed Date header; the page then takes the time
  // from its own web server's Date header (AWS's <ServerTime> is used directly; see core/retry.rs).
  await freshPage();
  await chromium().page.clock.setFixedTime(new Date(Date.now() - 2 * 3600 * 1000));
  const keys = JSON.parse(config.keys);
  delete keys.Credentials.Expiration;
  await pasteKeys(JSON.stringify(keys));
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.equal(await alert().innerText(), '');
});

test('a Korean browser gets the Korean interface', async () => {
  await freshPage({ locale: 'ko-KR' });
  await page.getByLabel('자격 증명 붙여넣기').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
});

test('keys scoped to a prefix: denied above it is a note, not an error', async () => {
  await freshPage();
  await pasteKeys(config.noAccessKeys);
  await connect({ prefix: 'docs/' });
  await alert().getByText(/^Access denied/).waitFor();
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: config.bucket }).click();
  await page.getByText('Your keys open only \u201cdocs/\u201d').waitFor();
  assert.equal(await alert().innerText(), '');
});

test('a download that cannot start is explained in the page, which stays', async () => {
  // The bucket's server goes away after the listing (its proxy stops).
  const proxy = await droppingProxy();
  await connected({ endpoint: proxy.endpoint, agree: true });
  const button = page.getByRole('button', { name: 'Download readme.txt', exact: true });
  await button.waitFor();
  const url = await page.url();
  proxy.close();
  await button.click();
  await alert().getByText('The connection dropped').waitFor();
  assert.equal(await page.url(), url);
  await button.waitFor();
});

test('typing in the paste box does not throw away keys that work', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await openPanels();
  await page.getByLabel('Paste credentials').pressSequentially('hello');
  await alert().getByText('No keys were found in the pasted text').waitFor();
  assert.equal(await page.getByLabel('Access key ID').inputValue(), JSON.parse(config.keys).Credentials.AccessKeyId);
  await page.getByRole('link', { name: 'docs/', exact: true }).click();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
});

test('keys typed into the three fields are what Connect uses; pasted keys typed over keep their expiry', async () => {
  await freshPage();
  const parsed = JSON.parse(config.keys).Credentials;
  await openPanels();
  await page.getByLabel('Access key ID').fill(parsed.AccessKeyId);
  await page.getByLabel('Secret access key').fill(parsed.SecretAccessKey);
  await page.getByLabel('Session token').fill(parsed.SessionToken ?? '');
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.getByText('These keys have no expiry time.').waitFor();
  // Pasted (with their expiry), then the same keys typed again: the countdown stays.
  await pasteKeys(config.keys);
  await page.getByText(/Keys expire in \d+ min/).waitFor();
  await openPanels();
  await page.getByLabel('Secret access key').fill(parsed.SecretAccessKey);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.getByText(/Keys expire in \d+ min/).waitFor();
  // A typed secret that is cut short is refused by S3 in words, not silently ignored.
  await openPanels();
  await page.getByLabel('Secret access key').fill(parsed.SecretAccessKey.slice(0, -2));
  await connect();
  await alert().getByText(/secret access key does not match/).waitFor();
});

test('a wrong region is corrected from the region S3 names, and remembered', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await page.getByLabel('Region', { exact: true }).fill('eu-west-1');
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await openPanels();
  assert.equal(await page.getByLabel('Region', { exact: true }).inputValue(), 'us-east-1');
  assert.equal(await alert().innerText(), '');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('bucket-portal.settings')));
  assert.equal(saved.region, 'us-east-1');
});

// The folder picker is replaced by the origin-private file system: the same directory-handle type.
async function pageWithFolderPicker() {
  await freshPage();
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () => navigator.storage.getDirectory();
  });
  await page.reload();
  await page.getByLabel('Paste credentials').waitFor();
}

async function savedFiles() {
  return page.evaluate(async () => {
    const out = {};
    async function walk(dir, prefix) {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') await walk(handle, `${prefix}${name}/`);
        else {
          const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          out[`${prefix}${name}`] = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
        }
      }
    }
    await walk(await navigator.storage.getDirectory(), '');
    return out;
  });
}

// The SHA-256 of one file in the origin-private file system, read in the page.
async function savedDigest(path) {
  return page.evaluate(async (path) => {
    let dir = await navigator.storage.getDirectory();
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const file = await (await dir.getFileHandle(parts.at(-1))).getFile();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, path);
}

// Files of exactly `size` bytes anywhere in the test's browser profile (where Chromium keeps the
// origin-private file system), by SHA-256: a GiB is hashed on disk, not in the page.
async function profileDigests(profile, size) {
  const out = [];
  for (const entry of readdirSync(profile, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && statSync(path).size === size) out.push(await sha256(path));
  }
  return out;
}

const sha256Text = (text) => createHash('sha256').update(text).digest('hex');

chromiumOnly('the folder picker', 'Download folder saves every file below it into the picked folder, verified', async () => {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByText(/“docs\/”: 4 files, \d+ bytes in total/).waitFor();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await page.getByText(/^4 of 4 files/).waitFor();
  assert.equal(await page.locator('tr.transfer[data-outcome="Verified"]').count(), 4);
  const saved = await savedFiles();
  for (const key of ['docs/2024/report.txt', 'docs/2024/분기 보고서.txt', 'docs/2025/plan.md', 'docs/readme.txt']) {
    assert.equal(saved[key.slice('docs/'.length)], sha256Text(`contents of ${key}\n`), key);
  }
});

test('listings and downloads run in the dedicated worker: the page itself fetches nothing from the bucket', async () => {
  // The bucket through a proxy that logs every request; the page's own fetch, watched.
  const proxy = await droppingProxy();
  try {
    await pageWithoutPickers();
    await page.evaluate(() => {
      window.pageFetches = [];
      const own = window.fetch;
      window.fetch = (input, init) => {
        window.pageFetches.push(String(input?.url ?? input));
        return own.call(window, input, init);
      };
    });
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
    await downloadFrom(page.getByRole('button', { name: 'Save as one ZIP' }), { until: page.getByText(/^4 of 4 files/) });
    if (BROWSER === 'chromium') {
      const workers = chromium().page.workers().map((w) => w.url());
      assert.ok(workers.some((url) => url.endsWith('/runner_loader.js')), `the runner's worker runs: ${workers}`);
    }
    assert.ok(proxy.requests.length >= 6, `the bucket was asked (listings and files): ${proxy.requests.length}`);
    const fromPage = (await page.evaluate(() => window.pageFetches)).filter((url) => url.startsWith(proxy.endpoint));
    assert.deepEqual(fromPage, [], 'no request to the bucket came from the page');
  } finally {
    proxy.close();
  }
});

chromiumOnly('the folder picker', 'hostile keys land inside the picked folder under safe names', async () => {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder special/', exact: true }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  // A new download replaces the finished list: only special/'s two files.
  await page.getByText(/^2 of 2 files/).waitFor();
  const saved = await savedFiles();
  assert.equal(saved["a+b c%d#e_f&g'h~i.txt"], config.files.special.sha256);
  assert.ok('double slash.txt' in saved, JSON.stringify(Object.keys(saved)));
});

chromiumOnly('the folder picker', 'a folder download asks before writing over files already there: keep both, skip for all, then replace for all', async () => {
  await pageWithFolderPicker();
  // The picked folder already holds three of docs/'s four files: one in another case, one in
  // another Unicode form (NFD, as macOS writes names).
  await page.evaluate(async () => {
    const write = async (dir, name, text) => {
      const file = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await file.write(text);
      await file.close();
    };
    const root = await navigator.storage.getDirectory();
    const year = await root.getDirectoryHandle('2024', { create: true });
    await write(root, 'readme.txt', 'mine');
    await write(year, 'REPORT.txt', 'my report');
    await write(year, '분기 보고서.txt'.normalize('NFD'), 'mine too');
  });
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  const question = page.getByRole('alertdialog');
  await question.getByText('“2024/report.txt” is already in the folder you chose. Replace it, keep both (the new one gets a number), or skip this file? 2 more files of this download are there too.').waitFor();
  // The file that meets nothing goes meanwhile; the question has the keyboard's focus.
  await page.locator('tr.transfer[data-outcome="Verified"]').getByText('2025/plan.md').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Replace');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await question.getByText(/“2024\/분기 보고서.txt” is already .* One more file of this download is there too\./).waitFor();
  await question.getByLabel('Do the same for every file already there').check();
  await question.getByRole('button', { name: 'Skip' }).click();
  await page.getByText(/^4 of 4 files/).waitFor();
  assert.equal(await question.count(), 0, 'no question left');
  assert.equal(await page.locator('tr.transfer[data-outcome="Skipped"]').count(), 2);
  await page.locator('tr.transfer[data-outcome="Verified"]').getByText('2024/report (2).txt').waitFor();
  let saved = await savedFiles();
  const content = (key) => sha256Text(`contents of docs/${key}\n`);
  assert.deepEqual(saved, {
    'readme.txt': sha256Text('mine'),
    '2024/REPORT.txt': sha256Text('my report'),
    '2024/report (2).txt': content('2024/report.txt'),
    ['2024/' + '분기 보고서.txt'.normalize('NFD')]: sha256Text('mine too'),
    '2025/plan.md': content('2025/plan.md'),
  });

  // Again into the same folder: every file meets one; "Replace" for all writes them over.
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await question.getByText(/“2024\/report.txt” is already .* 3 more files/).waitFor();
  await question.getByLabel('Do the same for every file already there').check();
  await question.getByRole('button', { name: 'Replace' }).click();
  await page.getByText(/^4 of 4 files/).waitFor();
  assert.equal(await page.locator('tr.transfer[data-outcome="Verified"]').count(), 4);
  saved = await savedFiles();
  assert.equal(saved['readme.txt'], content('readme.txt'));
  assert.equal(saved['2025/plan.md'], content('2025/plan.md'));
  assert.equal(saved['2024/report (2).txt'], content('2024/report.txt'), 'the kept-both copy stays');
});

chromiumOnly('the folder picker', 'keys that run out mid-transfer pause it, and new keys resume what is left', async () => {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await latency(400);
  // Once files are coming, the same keys again, now ending in 3 s (on the page's state, not the clock).
  await page.getByText(new RegExp(`^[1-9]\\d* of ${config.manyCount} files`)).waitFor({ timeout: 60_000 });
  await pasteKeysExpiringIn(3000);
  await page.locator('tr.transfer[data-outcome="Paused"]').first().waitFor({ timeout: 30_000 });
  await alert().getByText(/Your keys expired at/).waitFor();
  await latency(0);
  await pasteKeys(config.keys);
  await page.getByText(new RegExp(`^${config.manyCount} of ${config.manyCount} files`)).waitFor({ timeout: 120_000 });
  const saved = await savedFiles();
  assert.equal(Object.keys(saved).filter((k) => k.startsWith('file-')).length, config.manyCount);
  assert.equal(saved['file-0001.txt'], sha256Text('file 1\n'));
});

// Downloads `folder` into the origin-private file system through one of the test proxies.
async function folderThrough(endpoint, folder) {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
}

chromiumOnly('the folder picker', '20 files through a proxy that cuts connections resume to byte-identical, verified files', async () => {
  await folderThrough(config.cutEndpoint, 'flaky');
  await page.getByText(/^20 of 20 files/).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('tr.transfer[data-outcome="Verified"]').count(), 20);
  const saved = await savedFiles();
  for (const file of config.flaky) {
    assert.equal(saved[file.name], file.sha256, file.name);
  }
});

test('20 files through a proxy that cuts connections resume into one ZIP, every entry byte-identical', async () => {
  await pageWithoutPickers();
  await pasteKeys(config.keys);
  await connect({ endpoint: config.cutEndpoint });
  await page.getByRole('button', { name: 'Download folder flaky/', exact: true }).click();
  const zip = await downloadFrom(page.getByRole('button', { name: 'Save as one ZIP' }), { until: page.getByText(/^20 of 20 files/) });
  await page.getByText(/^20 of 20 files/).waitFor({ timeout: 120_000 });
  const entries = zipEntries(zip.path);
  for (const file of config.flaky) assert.equal(entries[file.name], file.sha256, file.name);
});

chromiumOnly('the folder picker', 'checked rows download together into the picked folder, keeping their folders', async () => {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('checkbox', { name: 'Select docs/', exact: true }).check();
  await page.getByRole('checkbox', { name: `Select ${config.files.korean.name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (2)' }).click();
  await page.getByText(/^Selected: 5 files/).waitFor();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await page.getByText(/^5 of 5 files/).waitFor();
  const saved = await savedFiles();
  assert.equal(saved['docs/2024/report.txt'], sha256Text('contents of docs/2024/report.txt\n'));
  assert.equal(saved[config.files.korean.name], config.files.korean.sha256);
  await page.getByLabel('Select all in this folder').check();
  const rows = await page.locator('table.listing tbody tr.file, table.listing tbody tr.folder').count();
  await page.getByRole('button', { name: `Download selected (${rows})` }).waitFor();
});

// Firefox and Safari have neither picker: the page offers one ZIP, streamed through its service
// worker to the download manager. Chromium's pickers are taken away to follow the same path.
async function pageWithoutPickers() {
  await freshPage();
  if (BROWSER === 'chromium') {
    await page.addInitScript(() => {
      for (const picker of ['showDirectoryPicker', 'showSaveFilePicker']) {
        Object.defineProperty(window, picker, { value: undefined });
      }
    });
    await page.reload();
    await page.locator('textarea').waitFor();
  }
  assert.ok(await page.evaluate(() => !window.showDirectoryPicker && !window.showSaveFilePicker), 'no picker');
}

// Every entry's SHA-256 after Python's zipfile checked each CRC and `unzip -t` the whole archive.
function zipEntries(path) {
  execFileSync('unzip', ['-tq', path]);
  return JSON.parse(execFileSync('python3', ['tests/tools/zip_digest.py', path], { maxBuffer: 64 << 20 }).toString());
}

test('without a folder picker a folder of 2,000 files comes as one ZIP through the service worker', async () => {
  await pageWithoutPickers();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
  await page.getByText(/cannot save into a folder you pick.*one ZIP file/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Choose folder and start' }).count(), 0);
  const zip = await downloadFrom(page.getByRole('button', { name: 'Save as one ZIP' }), {
    until: page.getByText(new RegExp(`^${config.manyCount} of ${config.manyCount} files`)),
  });
  assert.equal(zip.suggested, 'many.zip');
  await page.getByText(new RegExp(`^${config.manyCount} of ${config.manyCount} files`)).waitFor();
  const entries = zipEntries(zip.path);
  assert.equal(Object.keys(entries).length, config.manyCount);
  for (const i of [1, 999, config.manyCount]) {
    const name = `file-${String(i).padStart(4, '0')}.txt`;
    assert.equal(entries[name], sha256Text(`file ${i}\n`), name);
  }
});

test('a ZIP holds hostile and Korean names under the same safe paths as a folder', async () => {
  await pageWithoutPickers();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('checkbox', { name: 'Select docs/', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Select special/', exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (2)' }).click();
  const zip = await downloadFrom(page.getByRole('button', { name: 'Save as one ZIP' }), { until: page.getByText(/^(\d+) of \1 files/) });
  assert.equal(zip.suggested, `${config.bucket}.zip`);
  const entries = zipEntries(zip.path);
  assert.equal(entries['docs/2024/분기 보고서.txt'], sha256Text('contents of docs/2024/분기 보고서.txt\n'));
  assert.equal(entries["special/a+b c%d#e_f&g'h~i.txt"], config.files.special.sha256);
  assert.ok('special/double slash.txt' in entries, JSON.stringify(Object.keys(entries)));
  for (const name of Object.keys(entries)) {
    assert.ok(!name.startsWith('/') && !name.split('/').some((s) => s === '..' || s === '.' || s === ''), name);
  }
});

test('one file saved with progress through the service worker is byte-identical (1 GiB)', async () => {
  const big = config.files.big;
  await pageWithoutPickers();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('checkbox', { name: `Select ${big.name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (1)' }).click();
  await page.getByText(/saved by this page, which shows its progress/).waitFor();
  const saved = await downloadFrom(page.getByRole('button', { name: 'Save with progress' }), {
    until: page.locator('tr.transfer[data-outcome="NotVerifiable"]', { hasText: big.name }),
  });
  assert.equal(saved.suggested, big.name);
  assert.equal(await sha256(saved.path), big.sha256);
  // Uploaded in parts by the CLI, its ETag is no MD5: done, and honestly "not verifiable".
  await page.locator('tr.transfer[data-outcome="NotVerifiable"]', { hasText: big.name }).waitFor();
});

test('a browser that never takes a streamed ZIP is told so, and the page then downloads file by file', async () => {
  await pageWithoutPickers();
  // The frame asks for another address, which the service worker does not answer: as in a
  // browser that never hands the frame's request to it. Patched in the loaded page (the frame is
  // made only at the download), so no init script is needed and WebKit runs it too.
  await page.evaluate(() => {
    const { set } = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'src');
    Object.defineProperty(HTMLIFrameElement.prototype, 'src', {
      set(url) { set.call(this, String(url).replace('download-stream/', 'nowhere/')); },
      configurable: true,
    });
  });
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByRole('button', { name: 'Save as one ZIP' }).click();
  await alert().getByText(/^Your browser did not take this download from the page, so nothing was saved/).waitFor({ timeout: 40_000 });
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByText(/^Your browser did not take the last download this page streamed to it/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save as one ZIP' }).count(), 0);
  await page.getByRole('button', { name: 'Download each file' }).waitFor();
});

chromiumOnly('the save dialog', "the ZIP goes into the save dialog's file", async () => {
  await pageWithFolderPicker();
  await page.addInitScript(() => {
    window.showSaveFilePicker = async ({ suggestedName }) =>
      (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  await page.reload();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByText('Save them into a folder you choose').waitFor();
  await page.getByRole('button', { name: 'Save as one ZIP' }).click();
  await page.getByText(/^4 of 4 files/).waitFor();
  await page.waitForFunction(async () => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle('docs.zip')).getFile();
    return file.size > 0;
  });
  const bytes = await page.evaluate(async () => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle('docs.zip')).getFile();
    return [...new Uint8Array(await file.arrayBuffer())];
  });
  const path = join(downloads, 'docs-from-picker.zip');
  writeFileSync(path, Buffer.from(bytes));
  const entries = zipEntries(path);
  assert.equal(entries['2025/plan.md'], sha256Text('contents of docs/2025/plan.md\n'));
  assert.equal(Object.keys(entries).length, 4);
});

chromiumOnly('the folder picker', 'big files go into the picked folder (in one stream on a fast link), byte-identical, checked when S3 has an MD5', async () => {
  const big = config.files.big;
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('checkbox', { name: `Select ${big.name}`, exact: true }).check();
  await page.getByRole('checkbox', { name: 'Select ranged/', exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (2)' }).click();
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await page.getByText(/^2 of 2 files/).waitFor({ timeout: 300_000 });
  // One PUT: the ETag is the MD5, checked on the file read back after the parts were written.
  await page.locator('tr.transfer[data-outcome="Verified"]', { hasText: 'ranged/whole-40MB.bin' }).waitFor();
  assert.equal(await savedDigest('ranged/whole-40MB.bin'), await sha256(config.wholeFile));
  await page.locator('tr.transfer[data-outcome="NotVerifiable"]', { hasText: big.name }).waitFor();
  // Closed, the browser has written the origin-private file system to its profile on disk.
  const profile = await chromium().closeKeepingProfile();
  page = undefined;
  try {
    assert.ok((await profileDigests(profile, big.size)).includes(big.sha256), 'the 1 GiB file is byte-identical');
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

chromiumOnly('the folder picker', 'ranged parts cut by the proxy resume each on its own to a byte-identical, verified file', async () => {
  await folderThrough(config.cutEndpoint, 'ranged');
  await page.locator('tr.transfer[data-outcome="Verified"]').waitFor({ timeout: 120_000 });
  assert.equal(await savedDigest('whole-40MB.bin'), await sha256(config.wholeFile));
});

chromiumOnly('the folder picker and network emulation', 'one file can be cancelled from the transfers list; the rest carry on', async () => {
  await pageWithFolderPicker();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  // Slow enough that the click lands before the file is done (a file already saved stays).
  await latency(1000);
  await page.getByRole('button', { name: 'Choose folder and start' }).click();
  await page.getByRole('button', { name: 'Cancel readme.txt', exact: true }).click();
  await latency(0);
  await page.getByText(/^3 of 4 files/).waitFor();
  assert.equal(await page.locator('tr.transfer[data-outcome="Cancelled"]', { hasText: 'readme.txt' }).count(), 1);
  await page.locator('tr.transfer[data-outcome="Cancelled"]').getByRole('button', { name: 'Retry' }).waitFor();
  const saved = await savedFiles();
  assert.ok(!('readme.txt' in saved), JSON.stringify(Object.keys(saved)));
  assert.equal(saved['2025/plan.md'], sha256Text('contents of docs/2025/plan.md\n'));
});

chromiumOnly('an init script and every download event', 'on a plain-http page each file becomes its own download, and the page says why', async () => {
  await freshPage();
  await page.addInitScript(() => Object.defineProperty(window, 'isSecureContext', { value: false }));
  await page.reload();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('button', { name: 'Download folder docs/', exact: true }).click();
  await page.getByText(/not served over https/).waitFor();
  const names = [];
  chromium().page.on('download', (dl) => names.push(dl.suggestedFilename()));
  await page.getByRole('button', { name: 'Download each file' }).click();
  await page.getByText(/4 downloads have started/).waitFor({ timeout: 30_000 });
  for (let i = 0; i < 50 && names.length < 4; i++) await page.waitForTimeout(100);
  assert.deepEqual(names.sort(), ['plan.md', 'readme.txt', 'report.txt', '분기 보고서.txt'].sort());
});

test('keys that run out during a ZIP: the files not yet in it wait, and new keys finish the same ZIP', async () => {
  // Every answer held 400 ms, so the ZIP is still going when the keys end: once its first file is
  // in, the same keys come again, now ending in 3 s (on the page's state, not the clock).
  const proxy = await droppingProxy();
  try {
    await pageWithoutPickers();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
    await page.getByRole('button', { name: 'Save as one ZIP' }).waitFor();
    proxy.hold(400);
    const zip = await downloadFrom({
      click: async () => {
        await page.getByRole('button', { name: 'Save as one ZIP' }).click();
        await page.getByText(new RegExp(`^[1-9]\\d* of ${config.manyCount} files`)).waitFor({ timeout: 60_000 });
        await pasteKeysExpiringIn(3000);
        await page.locator('tr.transfer[data-outcome="Paused"]').first().waitFor({ timeout: 30_000 });
        await alert().getByText(/Your keys expired at/).waitFor();
        proxy.hold(0);
        await pasteKeys(config.keys);
        // 2,000 files one after another: Firefox under three suites at once took over 2 minutes once.
        await page.getByText(new RegExp(`^${config.manyCount} of ${config.manyCount} files`)).waitFor({ timeout: 240_000 });
      },
    });
    const entries = zipEntries(zip.path);
    assert.equal(Object.keys(entries).length, config.manyCount);
    const last = `file-${String(config.manyCount).padStart(4, '0')}.txt`;
    assert.equal(entries[last], sha256Text(`file ${config.manyCount}\n`));
  } finally {
    proxy.close();
  }
});

// A loopback TCP proxy to the S3 server whose connections the test drops when it chooses;
// `requests` lists the GETs it passed on, each as its path, Range header and arrival time (ms);
// `holdMs` holds each piece of an answer that long.
async function droppingProxy({ holdMs = 0 } = {}) {
  let held = holdMs;
  const sockets = new Set();
  const requests = [];
  const keep = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => {});
  };
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(new URL(config.endpoint).port), '127.0.0.1');
    keep(client);
    keep(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // GETs carry no body: each request is its head, up to the blank line.
    let pending = '';
    client.on('data', (data) => {
      pending += data.toString('latin1');
      for (let end; (end = pending.indexOf('\r\n\r\n')) >= 0; pending = pending.slice(end + 4)) {
        const head = pending.slice(0, end);
        const get = /^GET (\S+)/.exec(head);
        if (get) requests.push({ path: get[1], range: /\r\nrange: *([^\r]*)/i.exec(head)?.[1], at: Date.now() });
      }
    });
    client.pipe(upstream);
    // Each answer's bytes may be held a while, so requests stay in flight long enough to click.
    // In order: each piece waits for the one before it, and until it is due.
    let tail = Promise.resolve();
    upstream.on('data', (data) => {
      const due = Date.now() + held;
      tail = tail
        .then(() => (due > Date.now() ? new Promise((resolve) => setTimeout(resolve, due - Date.now())) : undefined))
        .then(() => client.writable && client.write(data));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const drop = () => sockets.forEach((socket) => socket.destroy());
  const hold = (ms) => { held = ms; };
  return { endpoint: `http://127.0.0.1:${server.address().port}`, drop, requests, hold, close: () => (drop(), server.close()) };
}

// Keys that run out while a 40 MB file comes at 4 MB/s, chosen by `choose`, through `how`: once
// its first bytes are written, the same keys come again, now ending in 3 s; the test then drops the
// connections: the file waits for new keys (nothing may sign with the old ones) and goes on. (It
// waits on the page, not the clock: keys pasted to last a few seconds from the start ended before
// the download began when three browsers' suites ran at once.)
async function keysRunOutDuringOneFile(choose, how, saved) {
  const proxy = await droppingProxy();
  try {
    await pageWithFolderPicker();
    await page.addInitScript(() => {
      window.showSaveFilePicker = async ({ suggestedName }) =>
        (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
    });
    await page.reload();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await choose();
    await network({ bytesPerSecond: 4_000_000 });
    await page.getByRole('button', { name: how }).click();
    await page.waitForFunction(() => Number(document.querySelector('tr.transfer progress')?.value) > 0, undefined, { timeout: 60_000 });
    await pasteKeysExpiringIn(3000);
    await alert().getByText(/Your keys expired at/).waitFor({ timeout: 30_000 });
    const dropped = proxy.requests.length;
    proxy.drop();
    await page.locator('tr.transfer[data-outcome="Paused"]').waitFor({ timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = proxy.requests.length;
    // Nothing was signed with the expired keys.
    assert.deepEqual(proxy.requests.slice(dropped), []);
    await network();
    await pasteKeys(config.keys);
    await page.locator('tr.transfer[data-outcome="Verified"]').waitFor({ timeout: 60_000 });
    assert.equal(await savedDigest(saved), await sha256(config.wholeFile));
    // It went on from where it was: with new keys, only ranges after what had come.
    const after = proxy.requests.slice(before).filter((r) => r.path.includes('whole-40MB.bin'));
    assert.ok(after.length > 0, 'no request with the new keys');
    for (const { range } of after) assert.match(range ?? 'the whole object', /^bytes=[1-9]\d*-/);
  } finally {
    proxy.close();
  }
}

chromiumOnly('network emulation and the save dialog', 'keys that run out during one big file: a dropped connection waits for new keys, then the file goes on', async () => {
  const selectIt = async () => {
    await page.getByRole('checkbox', { name: 'Select ranged/', exact: true }).check();
    await page.getByRole('button', { name: 'Download selected (1)' }).click();
  };
  await keysRunOutDuringOneFile(selectIt, 'Save with progress', 'whole-40MB.bin');
});

chromiumOnly('network emulation and the folder picker', 'keys that run out during a folder download: its ranged parts wait for new keys, then go on', async () => {
  const itsFolder = () => page.getByRole('button', { name: 'Download folder ranged/', exact: true }).click();
  await keysRunOutDuringOneFile(itsFolder, 'Choose folder and start', 'whole-40MB.bin');
});

chromiumOnly('the folder picker', 'on a long link the rest of a big file comes in parallel ranged parts, verified', async () => {
  await folderThrough(config.slowEndpoint, 'ranged');
  // scripts/test.sh then checks the proxy saw several ranged requests for it.
  await page.locator('tr.transfer[data-outcome="Verified"]').waitFor({ timeout: 120_000 });
  assert.equal(await savedDigest('whole-40MB.bin'), await sha256(config.wholeFile));
});

// Forget keys while requests are under way: after the click (as the page saw it, plus 250 ms for
// a request already on its way), the proxy sees no new request. The page ends the worker in the
// click's handler, so nothing is signed after it; but a request signed just before may still
// reach the proxy after it (in WebKit, one came 73 ms after, in a run whose harness left every
// page open: a machine far busier than usual).
async function forgetStopsEverything(proxy, start) {
  await start();
  assert.ok(proxy.requests.length > 0, 'requests went out before the click');
  await page.evaluate(() => {
    const forget = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Forget keys');
    forget.addEventListener('click', () => (window.forgotAt = Date.now()), { capture: true, once: true });
  });
  await page.getByRole('button', { name: 'Forget keys' }).click();
  const forgotAt = await page.evaluate(() => window.forgotAt);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = proxy.requests.filter((r) => r.at > forgotAt + 250);
  // Each with how long after the click it came, to tell a request sent late from one signed late.
  assert.deepEqual(after.map((r) => `${r.path.split('?')[0]} (+${r.at - forgotAt} ms)`), [], 'a request was signed after Forget');
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
}

test('Forget keys during a folder listing and while a download is listed: nothing is signed after the click', async () => {
  const proxy = await droppingProxy({ holdMs: 300 });
  try {
    await freshPage();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('link', { name: 'many/', exact: true }).waitFor();
    await forgetStopsEverything(proxy, async () => {
      await page.getByRole('link', { name: 'many/', exact: true }).click();
      await page.getByText(/^Loading… [\d,]+ items so far$/).waitFor();
    });
    // What the keys listed goes with them; the folder stays, for the next keys.
    await page.getByText(/^Paste your keys and press Connect/).waitFor();
    assert.equal(await page.locator('table.listing').count(), 0, 'no rows listed with the keys stay');

    await pasteKeys(config.keys);
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: config.bucket }).click();
    await forgetStopsEverything(proxy, async () => {
      await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
      await page.getByText('Listing everything in the folder…').waitFor();
      // The first page of the folder's listing is in: the next ones are asked for.
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    assert.equal(await page.getByText('Listing everything in the folder…').count(), 0, 'the download being prepared is gone');
  } finally {
    proxy.close();
  }
});

test('Forget keys during a ZIP: nothing is signed after the click', async () => {
  const proxy = await droppingProxy({ holdMs: 100 });
  try {
    await pageWithoutPickers();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
    await forgetStopsEverything(proxy, async () => {
      await page.getByRole('button', { name: 'Save as one ZIP' }).click();
      await page.getByText(/^\d+ of \d+ files/).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    assert.ok(await page.locator('tr.transfer[data-outcome="Cancelled"]').count() > 0, 'the files left say Cancelled');
  } finally {
    proxy.close();
  }
});

chromiumOnly('the folder picker', 'Forget keys during a folder download: nothing is signed after the click, and no file is left half-made', async () => {
  const proxy = await droppingProxy();
  try {
    await pageWithFolderPicker();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('button', { name: 'Download folder flaky/', exact: true }).click();
    const sizes = () => page.evaluate(async () => {
      const out = {};
      for await (const [name, handle] of (await navigator.storage.getDirectory()).entries()) {
        if (handle.kind === 'file') out[name] = (await handle.getFile()).size;
      }
      return out;
    });
    // 2 MB/s for 20 files of 2 MiB: at the click, files are being written into the folder.
    await network({ bytesPerSecond: 2_000_000 });
    await forgetStopsEverything(proxy, async () => {
      await page.getByRole('button', { name: 'Choose folder and start' }).click();
      await page.locator('tr.transfer[data-outcome="Running"]').first().waitFor();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(Object.values(await sizes()).includes(0), 'files being written are in the folder, still empty');
    });
    await network();
    assert.ok(await page.locator('tr.transfer[data-outcome="Cancelled"]').count() > 0, 'the files left say Cancelled');
    // The files under way had been made in the folder (their bytes were in the browser's swap
    // files): a fresh worker removes them. What stays is whole.
    const deadline = Date.now() + 10_000;
    while (Object.values(await sizes()).includes(0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const saved = await savedFiles();
    const whole = Object.fromEntries(config.flaky.map((f) => [f.name, f.sha256]));
    for (const [name, digest] of Object.entries(saved)) assert.equal(digest, whole[name], `${name} is whole or gone`);
  } finally {
    proxy.close();
  }
});

// The runner's worker script, replaced (or blocked) for the next page load by `serve`.
async function pageWithWorker(serve) {
  await pageWithFolderPicker();
  await chromium().context.route('**/runner_loader.js', serve);
  await page.reload();
  await page.locator('textarea').waitFor();
}
const banner = () => page.locator('.panic-banner[role="alert"]');

chromiumOnly('request routing', 'a worker that cannot start, or comes from another build, is told in the banner', async () => {
  await pageWithWorker((route) => route.abort());
  await pasteKeys(config.keys);
  await banner().getByText(/download engine stopped/).waitFor();
  await banner().getByRole('button', { name: 'Reload page' }).waitFor();

  // An old copy from a cache: its hello names another build.
  await pageWithWorker((route) =>
    route.fulfill({ contentType: 'text/javascript', body: 'postMessage(JSON.stringify({ Hello: { build: "0000000000000000" } }));' }),
  );
  await pasteKeys(config.keys);
  await banner().getByText(/This page was updated while it was open/).waitFor();
  await chromium().context.unroute('**/runner_loader.js');
});

chromiumOnly('the folder picker', 'a worker that stops mid-download: the banner says so and no file is left shown as going', async () => {
  const proxy = await droppingProxy({ holdMs: 300 });
  try {
    // Keeps the page's worker at hand, to make it say what its panic hook says.
    await pageWithFolderPicker();
    await page.addInitScript(() => {
      const Real = window.Worker;
      window.Worker = function (url, options) {
        window.runnerWorker = new Real(url, options);
        return window.runnerWorker;
      };
    });
    await page.reload();
    await pasteKeys(config.keys);
    await connect({ endpoint: proxy.endpoint, agree: true });
    await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
    await page.getByRole('button', { name: 'Choose folder and start' }).click({ timeout: 60_000 });
    await page.locator('tr.transfer[data-outcome="Running"]').first().waitFor();
    await page.evaluate(() =>
      // FromRunner::Stopped("panicked at test") as the worker writes it (src/core/protocol.rs
      // pins these bytes): variant 4, then the text's length and bytes.
      window.runnerWorker.dispatchEvent(new MessageEvent('message', {
        data: new Uint8Array([4, 16, ...new TextEncoder().encode('panicked at test')]),
      })),
    );
    await banner().getByText(/download engine stopped/).waitFor();
    await page.locator('tr.transfer[data-outcome="Failed"]').first().waitFor();
    assert.equal(await page.locator('tr.transfer[data-outcome="Running"], tr.transfer[data-outcome="Queued"], tr.transfer[data-outcome="Paused"]').count(), 0);
  } finally {
    proxy.close();
  }
});

// ---- Browsing at scale: big/ holds 20,000 keys named `item N.txt` (N % 997 + 1 bytes), one of
// them Korean in NFD form, and a folder `deep/` (tests/tools/seed_many.py).
const big = config.big;
const bigRows = big.count + 1;
const rowsBox = () => page.locator('.rows');
const rowAt = (index) => page.locator(`table.listing tr.line[aria-rowindex="${index}"]`);
const drawnNames = () => page.locator('table.listing tbody tr.line th').allInnerTexts();

// The seeder's names and sizes, sorted as the page must: folders first, then the column, ties by key.
function bigFiles() {
  const files = [];
  for (let n = 1; n <= big.count; n++) {
    files.push({ key: n === Math.floor(big.count / 2) ? big.korean : `big/item ${n}.txt`, size: (n % 997) + 1 });
  }
  return files;
}
const byKey = (a, b) => (Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));

test('a folder of 20,000 keys: the first rows come at once, all of them arrive, only those in view are drawn, and it scrolls end to end', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ prefix: 'big/' });
  await rowAt(2).waitFor();
  await page.getByText(`${bigRows.toLocaleString('en-US')} items`, { exact: true }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByRole('table').getAttribute('aria-rowcount'), String(bigRows + 1));
  const drawn = await page.locator('table.listing tr.line').count();
  assert.ok(drawn > 10 && drawn < 200, `${drawn} rows drawn of ${bigRows}`);
  // Natural order: the folder first, then item 1, 2, … 10 (not 1, 10, 100, …).
  assert.deepEqual((await drawnNames()).slice(0, 4), ['deep/', 'item 1.txt', 'item 2.txt', 'item 3.txt']);
  await rowsBox().evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await rowAt(bigRows + 1).waitFor();
  // Hangul sorts after Latin letters; the name shows as listed (NFD).
  assert.equal((await rowAt(bigRows + 1).locator('th').innerText()).normalize('NFC'), big.korean.slice(4).normalize('NFC'));
  await rowAt(bigRows).waitFor();
  await rowsBox().evaluate((el) => { el.scrollTop = 0; });
  await rowAt(2).getByText('deep/').waitFor();
});

// A fresh page in big/ with all its rows in.
async function inBig() {
  await connected({ prefix: 'big/' });
  await page.getByText(`${bigRows.toLocaleString('en-US')} items`, { exact: true }).waitFor({ timeout: 60_000 });
}

test('the filter finds names as you type, without regard to case, and an NFC-typed Korean name finds its NFD key', async () => {
  await inBig();
  const filter = page.getByLabel('Filter this folder');
  await filter.fill('ITEM 1999');
  // item 1999 and item 19990 … 19999.
  await page.getByText(`${bigRows.toLocaleString('en-US')} items · 11 of ${bigRows.toLocaleString('en-US')} match`).waitFor();
  assert.deepEqual(await drawnNames(), ['item 1999.txt', ...Array.from({ length: 10 }, (_, i) => `item 1999${i}.txt`)]);
  await filter.fill('보고서');
  await page.getByText(/ 1 of [\d,]+ match$/).waitFor();
  assert.equal((await drawnNames())[0].normalize('NFC'), big.korean.slice(4).normalize('NFC'));
  await page.getByLabel('Select all 1 matching').check();
  await page.getByRole('button', { name: 'Download selected (1)' }).waitFor();
  await filter.fill('');
  await page.getByText(`${bigRows.toLocaleString('en-US')} items`, { exact: true }).waitFor();
  // The selection survives the filter.
  await page.getByRole('button', { name: 'Download selected (1)' }).waitFor();
});

test('"Search all sub-folders" lists the whole tree below the folder, counts the keys scanned, and finds a deep key', async () => {
  await inBig();
  const filter = page.getByLabel('Filter this folder');
  await filter.fill('needle');
  await page.getByText('No name here holds \u201cneedle\u201d.').waitFor();
  await page.getByLabel('Search all sub-folders').check();
  const total = (big.count + 1).toLocaleString('en-US');
  await page.getByText(`${total} keys in all sub-folders · 1 of ${total} match`).waitFor({ timeout: 60_000 });
  assert.deepEqual(await drawnNames(), [big.deep.slice(4)]);
  await page.getByLabel('Search all sub-folders').uncheck();
  await filter.fill('');
  await page.getByText(`${bigRows.toLocaleString('en-US')} items`, { exact: true }).waitFor({ timeout: 60_000 });
});

test('each column sorts both ways over every row, held in the address', async () => {
  await inBig();
  const header = (name) => page.getByRole('button', { name: new RegExp(`^${name}`) });
  const firstFile = async () => (await drawnNames())[1];
  const files = bigFiles();
  const expect = (compare) => [...files].sort(compare)[0].key.slice(4);

  // The table says which order the engine's rows are in.
  const sortedBy = (token) => page.locator(`table.listing[data-sort="${token}"]`).waitFor();
  await header('Name').click();
  await page.waitForFunction(() => location.hash.endsWith('?sort=name-desc'));
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
  await sortedBy('name-desc');
  assert.equal((await firstFile()).normalize('NFC'), big.korean.slice(4).normalize('NFC'));
  assert.equal((await drawnNames())[0], 'deep/', 'folders stay first');

  await header('Size').click();
  await page.waitForFunction(() => location.hash.endsWith('?sort=size'));
  await page.waitForFunction((name) => document.querySelectorAll('table.listing tr.line th')[1]?.textContent === name, expect((a, b) => a.size - b.size || byKey(a, b)));
  await header('Size').click();
  await page.waitForFunction(() => location.hash.endsWith('?sort=size-desc'));
  await page.waitForFunction((name) => document.querySelectorAll('table.listing tr.line th')[1]?.textContent === name, expect((a, b) => b.size - a.size || byKey(b, a)));

  for (const [hash, older] of [['?sort=date', true], ['?sort=date-desc', false]]) {
    await header('Last modified').click();
    await page.waitForFunction((h) => location.hash.endsWith(h), hash);
    await sortedBy(hash.slice(6));
    const times = await page.locator('table.listing tr.file time').evaluateAll((ts) => ts.map((t) => t.dateTime));
    const sorted = [...times].sort();
    assert.deepEqual(times, older ? sorted : sorted.reverse(), hash);
  }
  // A reload keeps the sort.
  await page.reload();
  await pasteKeys(config.keys);
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"] button')?.textContent.startsWith('Last modified'));
});

test('keyboard only: open a folder, select a file, download it, and go back up', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  // Tab from the filter box reaches the rows.
  await page.getByLabel('Filter this folder').focus();
  for (let i = 0; i < 8 && !(await page.evaluate(() => document.activeElement?.tagName === 'TR')); i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TR', 'Tab reaches the rows');
  const focusedName = () => page.evaluate(() => document.activeElement?.querySelector('th')?.textContent);
  // The first row of the folder opened has the keyboard: a row of the folder left keeps it
  // until the new folder is drawn, so wait for the row by name, not just for a row.
  const firstRowFocused = (name) =>
    page.waitForFunction(
      (n) => document.activeElement?.tagName === 'TR' && document.activeElement.getAttribute('aria-rowindex') === '2' && (n === null ? document.activeElement.querySelector('th')?.textContent !== 'docs/' : document.activeElement.querySelector('th')?.textContent === n),
      name,
    );
  const top = await page.evaluate(() => document.querySelector('table.listing tr[aria-rowindex="2"] th')?.textContent);
  for (let i = 0; i < 20 && (await focusedName()) !== 'docs/'; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.endsWith('/docs/'));
  await firstRowFocused(null);
  for (let i = 0; i < 20 && !(await focusedName())?.endsWith('.txt'); i++) await page.keyboard.press('ArrowDown');
  const name = await focusedName();
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press(' ');
  await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).and(page.locator(':checked')).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'Space selects without scrolling the page');
  const saved = await page.expectDownload(() => page.keyboard.press('Enter'));
  assert.equal(saved.suggested, name);
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => location.hash.endsWith('/temp-credentials-s3/'));
  await firstRowFocused(top);
  // Shift + arrows select the rows passed over, and give them back on the way back.
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.getByRole('button', { name: 'Download selected (3)' }).waitFor();
  await page.keyboard.press('Shift+ArrowUp');
  await page.getByRole('button', { name: 'Download selected (2)' }).waitFor();
  await page.keyboard.press('Alt+ArrowUp');
  assert.match(await page.url(), /#\/temp-credentials-s3\/$/, 'the root has no parent');
});

test('axe-core finds no accessibility violations, contrast included, in the light and dark themes', async () => {
  await freshPage();
  const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
  const check = async (what) => {
    // Run by the driver, as a tool's script: not the page's, so the page's policy does not apply.
    await page.runScript(axe);
    const { violations } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
    const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    assert.deepEqual(summary, [], what);
  };
  // WebDriver (WebKit) has no way to ask for the dark scheme: there, only the light one.
  for (const scheme of page.can('colorScheme') ? ['light', 'dark'] : ['light']) {
    if (page.can('colorScheme')) await page.emulateMedia({ colorScheme: scheme });
    await check(`${scheme}, keys panel`);
    await pasteKeys(config.keys);
    await connect({ prefix: 'big/' });
    await rowAt(3).waitFor();
    await page.getByLabel('Filter this folder').fill('item 7');
    await page.getByText(/ match$/).waitFor();
    await check(`${scheme}, connected, filtered listing`);
    await page.getByLabel('Filter this folder').fill('');
  }
});

notIn('WebKit', "MiniBrowser's window is never narrower than 447 px", 'at 360 px wide the listing stays usable: names, sizes and download buttons fit', async () => {
  await connected({ prefix: 'big/' });
  await page.setViewportSize({ width: 360, height: 740 });
  // A window's frame may take some of it: what counts is the page's own width.
  const width = await page.evaluate(() => window.innerWidth);
  assert.ok(width <= 380, `the page is ${width} px wide`);
  const row = rowAt(3);
  await row.waitFor();
  const box = await row.locator('button.download').boundingBox();
  assert.ok(box && box.x + box.width <= width, `the download button is on screen: ${JSON.stringify(box)}`);
  const name = await row.locator('th').boundingBox();
  assert.ok(name.width >= 100, `the name has room: ${name.width} px`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), await page.evaluate(() => document.documentElement.clientWidth), 'no sideways scrolling');
});

test('the share link is refused once its minute has passed', async () => {
  const url = await shareLink();
  const created = Date.now();
  await page.close();
  page = undefined;
  assert.equal((await fetch(url)).status, 200, 'it works at first');
  await new Promise((resolve) => setTimeout(resolve, created + 62_000 - Date.now()));
  const answer = await fetch(url);
  // AWS answers 403 "Request has expired"; Garage 400 "Date is too old".
  const body = await answer.text();
  assert.ok([400, 403].includes(answer.status), `${answer.status} ${body}`);
  assert.match(body, /expired|too old/i);
});

test('an image and a PDF preview from the bytes the page fetched (blob: URLs of their own type), audio plays from a short-lived signed link, and Close lets the image go', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ prefix: 'preview/' });
  const preview = async (name) => {
    const row = page.locator('table.listing tr.line', { hasText: name });
    await row.focus();
    await page.keyboard.press('p');
    await page.getByRole('heading', { name: `Preview of ${name}` }).waitFor();
  };
  // The image: drawn from a blob: URL, its pixels the file's own.
  const { image, pdf, audio } = config.files;
  await preview(image.name);
  const img = page.getByRole('img', { name: image.name });
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('.preview-image')?.complete);
  const drawn = await img.evaluate((el) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [el.naturalWidth, el.naturalHeight];
    const g = canvas.getContext('2d');
    g.drawImage(el, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const rows = [];
    for (let y = 0; y < canvas.height; y++) {
      rows.push([]);
      for (let x = 0; x < canvas.width; x++) rows[y].push([...data.slice((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 3)]);
    }
    return { src: el.src, rows };
  });
  assert.match(drawn.src, /^blob:/);
  assert.deepEqual(drawn.rows, image.pixels);
  // The PDF: a frame of a blob: URL typed application/pdf, whatever the server said.
  await preview(pdf.name);
  const frame = page.locator('iframe.preview-frame');
  await frame.waitFor();
  assert.match(await frame.getAttribute('src'), /^blob:/);
  // Chromium's viewer is a document of the page's own origin; Firefox's (pdf.js) and WebKit's are
  // the browser's, which no script of the page may look into.
  if (BROWSER === 'chromium') {
    await page.waitForFunction(() => document.querySelector('iframe.preview-frame')?.contentDocument?.contentType === 'application/pdf');
  }
  assert.equal(await frame.getAttribute('title'), pdf.name);
  // The image before it was let go: its blob: URL no longer loads.
  const revoked = await page.evaluate((src) => new Promise((done) => {
    const probe = new Image();
    probe.onload = () => done(false);
    probe.onerror = () => done(true);
    probe.src = src;
  }), drawn.src);
  // Firefox answers a revoked blob: image from its image cache, so only Chromium and WebKit can tell.
  if (BROWSER !== 'firefox') assert.ok(revoked, 'the image shown before is released when another preview takes its place');
  // Audio: the player streams it from S3 with a link that lives no longer than the page's own.
  await preview(audio.name);
  const player = page.locator('audio.preview-media');
  await player.waitFor();
  const src = new URL(await player.getAttribute('src'));
  assert.equal(src.origin, new URL(config.endpoint).origin);
  assert.ok(Number(src.searchParams.get('X-Amz-Expires')) <= 900, `lifetime ${src.searchParams.get('X-Amz-Expires')} s`);
  await page.waitForFunction(() => document.querySelector('audio.preview-media')?.readyState >= 1);
  assert.ok(Math.abs((await player.evaluate((el) => el.duration)) - 1.5) < 0.05);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await player.waitFor({ state: 'detached' });
});

test('Check setup (#/check): against Garage each line passes; the report copies without keys; a bucket without CORS gets the rule with this origin', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(config.endpoint);
  await page.getByLabel('Prefix', { exact: true }).fill('docs/');
  await page.getByRole('link', { name: 'Check setup' }).first().click();
  assert.ok((await page.url()).endsWith('#/check'), await page.url());
  await page.getByRole('button', { name: 'Run the check' }).click();
  const lines = page.locator('.check-lines li');
  await lines.first().waitFor();
  const said = await lines.evaluateAll((ls) => ls.map((l) => `${l.dataset.mark} ${l.textContent}`));
  const origin = new URL(config.portalUrl).origin;
  const expect = [
    'OK ✓OK: The page is served over https (or from this computer)',
    `OK ✓OK: The bucket answers this page (${origin})`,
    'OK ✓OK: Region: us-east-1.',
    `OK ✓OK: These keys may list the folder docs/ of bucket ${config.bucket}.`,
    'OK ✓OK: These keys may read files (the first byte of docs/2024/report.txt).',
    'OK ✓OK: The page can read ETag.',
    'OK ✓OK: The page can read Content-Range.',
  ];
  for (const [i, start] of expect.entries()) assert.ok(said[i].startsWith(start), `${said[i]} / ${start}`);
  assert.ok(/^(OK|NOTE) /.test(said[7]), said[7]);
  assert.ok(said[8].startsWith("OK ✓OK: This computer's clock agrees with S3's"), said[8]);
  assert.ok(/^OK ✓OK: The keys expire at .* \(\d+ min from now\)\.$/.test(said[9]), said[9]);
  const report = await page.getByLabel('Report (plain text, without keys)').inputValue();
  assert.ok(report.startsWith('Check setup\n[OK] The page is served over https'), report);
  const { AccessKeyId, SecretAccessKey, SessionToken } = JSON.parse(config.keys).Credentials;
  for (const secret of [AccessKeyId, SecretAccessKey, SessionToken].filter(Boolean)) assert.ok(!report.includes(secret), 'no key in the report');
  await page.getByRole('button', { name: 'Copy report' }).click();
  await page.getByText('Copied.', { exact: true }).waitFor();
  assert.equal(await clipboardText(), report);

  // A bucket that does not answer this page: the rule to set, with this page's origin in it.
  await page.getByLabel('Bucket', { exact: true }).fill(config.noCorsBucket);
  await page.getByLabel('Prefix', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await page.locator('.check-lines li[data-mark="FAIL"]').getByText('The bucket does not answer this page').waitFor();
  const rule = await page.locator('.check-lines .cors-rule').innerText();
  assert.ok(JSON.parse(rule).CORSRules[0].AllowedOrigins.includes(origin), rule);
  assert.ok((await page.locator('.check-lines li').allInnerTexts()).some((t) => t.includes('Listing: not checked')));
  // Back to the files: the fragment names the bucket again.
  await page.getByRole('link', { name: 'Back to the files' }).click();
  assert.ok((await page.url()).endsWith(`#/${config.noCorsBucket}/`), await page.url());
});

test('keys go to a host neither AWS nor config.json names only after the user agrees, once per tab and host', async () => {
  // A proxy on a port of its own: a host config.json does not name, which logs what reaches it.
  const proxy = await droppingProxy();
  const other = proxy.endpoint;
  const host = new URL(other).host;
  const sent = proxy.requests;
  await freshPage();
  await pasteKeys(config.keys);
  await connect({ endpoint: other });
  const question = page.getByRole('alertdialog');
  await question.getByText(`Your keys are about to sign requests to ${host}, which is not AWS`).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel', 'the safe answer has the focus');
  await page.keyboard.press('Enter');
  assert.equal(await question.count(), 0);
  await page.waitForTimeout(500);
  assert.deepEqual(sent, [], 'nothing went to the host before the user agreed');
  await connect({ endpoint: other, agree: true });
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.ok(sent.length > 0);
  // Agreed for this tab: Connect again does not ask.
  await connect({ endpoint: other });
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.equal(await question.count(), 0);
  // The admin's own endpoint never asks.
  await freshPage();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  proxy.close();
});

test("config.json's lock pins the fields, and a link to another bucket is not followed", async () => {
  // The same package on its own port, its config.json locking endpoint, bucket and region.
  await page?.close();
  page = await Page.open(config.lockedPortalUrl);
  await page.locator('textarea').waitFor();
  // Stored settings from an earlier visit lose to the locked values.
  await page.evaluate(() => localStorage.setItem('bucket-portal.settings', JSON.stringify({ bucket: 'elsewhere', endpoint: 'https://evil.example' })));
  await page.reload();
  const bucket = page.getByLabel('Bucket', { exact: true });
  await page.getByText('Set by your admin.').first().waitFor();
  assert.equal(await bucket.inputValue(), config.bucket);
  assert.equal(await page.getByLabel('Endpoint', { exact: true }).inputValue(), config.endpoint);
  assert.ok(await bucket.evaluate((input) => input.readOnly));
  assert.ok(await page.getByLabel('Region', { exact: true }).evaluate((input) => input.readOnly));
  assert.ok(!(await page.getByLabel('Prefix', { exact: true }).evaluate((input) => input.readOnly)));
  await pasteKeys(config.keys);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.evaluate((b) => { location.hash = `#/${b}/`; }, config.noCorsBucket);
  await alert().getByText(`This page is set up for one bucket only, so the link to bucket ${config.noCorsBucket} was not opened.`).waitFor();
  assert.ok((await page.url()).endsWith(`#/${config.bucket}/`), await page.url());
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

test('a link to another bucket asks before listing it with the current keys', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.evaluate((b) => { location.hash = `#/${b}/`; }, config.noCorsBucket);
  const question = page.getByRole('alertdialog');
  await question.getByText(`The link opens bucket ${config.noCorsBucket}, not ${config.bucket}. List it with your current keys?`).waitFor();
  await question.getByRole('button', { name: 'Stay here' }).click();
  assert.ok((await page.url()).endsWith(`#/${config.bucket}/`), await page.url());
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
  await page.evaluate((b) => { location.hash = `#/${b}/`; }, config.noCorsBucket);
  await question.getByRole('button', { name: 'Open it' }).click();
  await alert().getByText(/does not allow this page/).waitFor();
});

test('an invite link from Check setup fills in bucket, folder, region and (where config.json allows it) the endpoint, never keys', async () => {
  await freshPage();
  await pasteKeys(config.keys);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Prefix', { exact: true }).fill('docs/');
  await page.getByLabel('Region', { exact: true }).fill('us-east-1');
  await page.getByRole('link', { name: 'Check setup' }).first().click();
  const link = await page.getByLabel('Invite link').inputValue();
  const origin = new URL(config.portalUrl).origin;
  assert.ok(link.startsWith(`${origin}/#/invite?bucket=${config.bucket}&prefix=docs%2F&region=us-east-1&endpoint=`), link);
  const { AccessKeyId, SecretAccessKey } = JSON.parse(config.keys).Credentials;
  assert.ok(!link.includes(AccessKeyId) && !link.includes(SecretAccessKey));
  // Opened in a new tab of a fresh browser: ready for the paste.
  await freshPage();
  await page.goto(link);
  await page.waitForFunction((b) => location.hash === `#/${b}/docs/`, config.bucket);
  assert.equal(await page.getByLabel('Prefix', { exact: true }).inputValue(), 'docs/');
  assert.equal(await page.getByLabel('Region', { exact: true }).inputValue(), 'us-east-1');
  await page.getByLabel('Paste credentials').fill(config.keys);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('link', { name: '2024/', exact: true }).waitFor();
  // A link may not point the keys at an endpoint config.json does not allow.
  await freshPage();
  await page.goto(`${origin}/#/invite?bucket=${config.bucket}&endpoint=${encodeURIComponent('https://evil.example')}`);
  await page.waitForFunction((b) => location.hash === `#/${b}/`, config.bucket);
  assert.equal(await page.getByLabel('Endpoint', { exact: true }).inputValue(), config.endpoint);
});

// Lists the bucket on moto natively, header-signed by botocore, with keys the page shows: the
// keys STS gave the page work (moto itself cannot answer the page's presigned requests while it
// enforces IAM, so the page's own listing there fails; the browser's part is STS).
function listWithKeys(endpoint, keys) {
  const script = `
import sys, boto3
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2],
                  aws_secret_access_key=sys.argv[3], aws_session_token=sys.argv[4])
print("\\n".join(sorted(o["Key"] for o in s3.list_objects_v2(Bucket="temp-credentials-s3")["Contents"])))`;
  return execFileSync('python3', ['-c', script, endpoint, keys.id, keys.secret, keys.token]).toString().trim().split('\n');
}

test('long-term keys and a role: the page assumes the role itself through STS (moto, IAM enforced), fills in the temporary keys, and never stores the long-term ones', async () => {
  await freshPage();
  const user = JSON.parse(config.sts.userKeys).AccessKey;
  // Chromium's driver lists the worker's requests (elsewhere the keys that came back speak for them).
  const sts = [];
  if (BROWSER === 'chromium') {
    chromium().page.on('request', (r) => {
      if (r.url().startsWith(config.sts.endpoint) && r.url().endsWith(':' + new URL(config.sts.endpoint).port + '/')) sts.push(r.method());
    });
  }
  await openPanels();
  await page.getByLabel('Keep keys in this tab').check();
  // As an admin may send it: the IAM user's keys and the role, in one profile.
  await pasteKeys(`[portal]\naws_access_key_id = ${user.AccessKeyId}\naws_secret_access_key = ${user.SecretAccessKey}\nrole_arn = ${config.sts.roleArn}\n`);
  const role = page.getByLabel('Role to assume (ARN)');
  assert.equal(await role.inputValue(), config.sts.roleArn, 'the role came with the keys');
  assert.equal(await page.getByLabel('Session length').inputValue(), '3600');
  await connect({ endpoint: config.sts.endpoint });
  const keyField = page.getByLabel('Access key ID');
  await openPanels();
  for (let i = 0; i < 300 && !(await keyField.inputValue()).startsWith('ASIA'); i++) await page.waitForTimeout(100);
  const keys = {
    id: await keyField.inputValue(),
    secret: await page.getByLabel('Secret access key').inputValue(),
    token: await page.getByLabel('Session token').inputValue(),
  };
  assert.ok(keys.id.startsWith('ASIA') && keys.token.length > 0, JSON.stringify(keys.id));
  assert.notEqual(keys.secret, user.SecretAccessKey);
  await page.getByText(/Keys expire in (59|60) min/).waitFor();
  // The worker asked STS for the caller's name, then the role: header-signed POSTs, which a
  // browser sends only after a preflight the server answered (Playwright does not list those).
  if (BROWSER === 'chromium') assert.deepEqual(sts, ['POST', 'POST'], 'GetCallerIdentity and AssumeRole');
  assert.deepEqual(listWithKeys(config.sts.endpoint, keys), ['readme.txt', 'reports/2024 annual report.txt', 'reports/q1#q2?.txt']);
  // Tab storage holds the temporary keys (asked for), never the user's long-term secret.
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(stored.includes(keys.id), 'the temporary keys are kept in the tab, as asked');
  assert.ok(!stored.includes(user.SecretAccessKey) && !stored.includes(user.AccessKeyId), 'never the long-term keys');
  await page.getByRole('button', { name: 'Forget keys' }).click();
  assert.equal(await keyField.inputValue(), '');
  const after = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
  assert.ok(!after.includes(keys.id));
});

test("Check setup with an IAM user's keys and a role checks the role's keys", async () => {
  await freshPage();
  const user = JSON.parse(config.sts.userKeys).AccessKey;
  await pasteKeys(`[portal]\naws_access_key_id = ${user.AccessKeyId}\naws_secret_access_key = ${user.SecretAccessKey}\nrole_arn = ${config.sts.roleArn}\n`);
  await page.getByLabel('Bucket', { exact: true }).fill(config.bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(config.sts.endpoint);
  await page.getByRole('link', { name: 'Check setup' }).first().click();
  await page.getByRole('button', { name: 'Run the check' }).click();
  // Long-term keys have no end: a line saying when the keys expire shows the role's were used.
  await page.locator('.check-lines li').getByText(/^The keys expire at .* \((59|60) min from now\)\.$/).waitFor({ timeout: 60_000 });
  await openPanels();
  assert.ok((await page.getByLabel('Access key ID').inputValue()).startsWith('ASIA'));
});

test('a role the IAM user may not assume is refused by name, and the role field says what an ARN looks like', async () => {
  await freshPage();
  const user = JSON.parse(config.sts.userKeys).AccessKey;
  await pasteKeys(`export AWS_ACCESS_KEY_ID=${user.AccessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${user.SecretAccessKey}\n`);
  const role = page.getByLabel('Role to assume (ARN)');
  await role.fill('leedw416-assume-role-for-s3');
  await connect({ endpoint: config.sts.endpoint });
  await alert().getByText(/A role ARN looks like arn:aws:iam::123456789012:role\/NAME/).waitFor();
  const other = config.sts.roleArn.replace('leedw416-assume-role-for-s3', 'someone-elses-role');
  await role.fill(other);
  await connect({ endpoint: config.sts.endpoint });
  await alert().getByText(`These keys may not assume the role ${other}, or there is no such role.`, { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Access key ID').inputValue(), user.AccessKeyId, 'the long-term keys stay for another try');
});

// A hostile S3 (tests/tools/hostile_s3.py): each bucket answers badly in its own way. The page
// must stop on its own within the engine's bounds (checked from the server's log), say what went
// wrong, stay responsive, and still work against Garage afterwards.
async function hostile(bucket) {
  await fetch(`${config.hostile}/__reset`, { method: 'POST' });
  await pasteKeys(config.keys);
  await connect({ bucket, endpoint: config.hostile });
}
const hostileLog = async (bucket) => (await (await fetch(`${config.hostile}/__log`)).json())[bucket] ?? { requests: 0, bytes: 0 };
// The page still draws frames: one comes within a second.
async function responsive() {
  const started = Date.now();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  assert.ok(Date.now() - started < 1000, `the page took ${Date.now() - started} ms to draw a frame`);
}

test('hostile S3: a 200 MB listing body is cut at the 8 MB cap, once, and the page says the server is not answering as S3 does', async () => {
  await freshPage();
  await hostile('huge-body');
  await alert().getByText(/far larger answer than a listing can be/).waitFor({ timeout: 30_000 });
  await responsive();
  const log = await hostileLog('huge-body');
  console.log(`hostile huge-body: ${log.requests} request, ${log.bytes} bytes sent of 200 MB`);
  assert.equal(log.requests, 1, 'an oversized answer is not asked for again');
  // The page stops reading and aborts the request at once; WebKit's network process goes on
  // taking the answer for a while all the same (5 to 87 MB seen), which no page can stop.
  if (BROWSER !== 'webkit') assert.ok(log.bytes < (8 << 20) + (8 << 20), `${log.bytes} bytes sent`);
});

test('hostile S3: a continuation token that repeats, and empty pages forever, end the listing as broken within their bounds', async () => {
  await freshPage();
  await hostile('token-loop');
  await alert().getByText(/listing never ends/).waitFor();
  assert.equal((await hostileLog('token-loop')).requests, 2, 'the token came twice: two pages');
  await hostile('empty-pages');
  await alert().getByText(/listing never ends/).waitFor({ timeout: 60_000 });
  const pages = (await hostileLog('empty-pages')).requests;
  console.log(`hostile empty-pages: ${pages} pages asked for`);
  assert.ok(pages <= 101, `${pages} empty pages asked for`);
  await responsive();
});

test('hostile S3: a listing that trickles a byte a second is given up at the pace bound, after four tries, and Garage still lists', async () => {
  await freshPage();
  const started = Date.now();
  await hostile('trickle');
  await alert().getByText(/did not answer in time, even after a few tries/).waitFor({ timeout: 120_000 });
  const took = Date.now() - started;
  await responsive();
  // The server counts a request's bytes once it notices the client went.
  await new Promise((done) => setTimeout(done, 3000));
  const log = await hostileLog('trickle');
  console.log(`hostile trickle: ${log.requests} requests, ${log.bytes} bytes sent, given up after ${took} ms`);
  assert.equal(log.requests, 4, 'the first try and three more');
  assert.ok(log.bytes < 4 * 16, `${log.bytes} bytes sent: each try stops about 10 s after its headers`);
  assert.ok(took < 4 * 60_000, `${took} ms: well inside four whole deadlines`);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

test('hostile S3: an entity bomb and 100,000-deep nesting are read in a moment, never expanded', async () => {
  await freshPage();
  const started = Date.now();
  await hostile('entity-bomb');
  await alert().getByText(/not an S3 listing/).waitFor({ timeout: 10_000 });
  await responsive();
  await hostile('deep-nesting');
  await page.getByText('This folder is empty.', { exact: true }).waitFor({ timeout: 10_000 });
  console.log(`hostile entity-bomb and deep-nesting: both answered in ${Date.now() - started} ms`);
  assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
  await responsive();
});

test('hostile S3: invalid UTF-8 and a 70,000-byte key are listed as text; the long key is refused with a sentence, never sent', async () => {
  await freshPage();
  await hostile('bad-utf8');
  await page.getByRole('button', { name: 'Download good.txt', exact: true }).waitFor();
  assert.ok(await page.getByText('bad-\uFFFD\uFFFD-\uFFFD(.txt').count() > 0, 'invalid bytes shown as U+FFFD');
  await hostile('long-key');
  await page.getByRole('button', { name: 'Download short.txt', exact: true }).waitFor();
  await page.getByRole('button', { name: `Download ${'k'.repeat(70_000)}`, exact: true }).click();
  await page.getByText(/name is too long for the page to ask the storage server for it/).first().waitFor();
  assert.equal((await hostileLog('long-key')).requests, 1, 'only the listing: the long key was never asked for');
  await responsive();
});

test('hostile S3: a body shorter than its Content-Length is a dropped connection, not CORS', async () => {
  await freshPage();
  await hostile('wrong-length');
  await alert().getByText(/connection dropped/i).waitFor({ timeout: 60_000 });
  assert.equal(await alert().getByText(/CORS/).count(), 0);
  await responsive();
});

test('hostile S3: keys full of control and bidi characters are shown visibly and saved under safe names, never as markup', async () => {
  await freshPage();
  await hostile('hostile-names');
  await page.getByText('zero[U+200B]width.txt').waitFor();
  await page.getByText('bidi[U+202E]txt.exe').waitFor();
  assert.equal(await page.locator('table.listing b').count(), 0, 'no markup from a key');
  const saved = await downloadFrom(page.getByRole('button', { name: /^Download bidi/ }));
  assert.doesNotMatch(saved.suggested, /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e]/);
  // The same page still works against the real server.
  await pasteKeys(config.keys);
  await connect();
  await page.getByRole('link', { name: 'docs/', exact: true }).waitFor();
});

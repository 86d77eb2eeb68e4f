// Prints the portal's figures against Garage on loopback, each next to a peer measured in the same
// run: raw fetches of the same presigned requests in the same page, or the portal's other path.
// Not a test: nothing here passes or fails on time.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { rawFetch as rawFetchIn } from './peers.mjs';

const config = JSON.parse(readFileSync(process.env.BENCH_CONFIG, 'utf8'));
const RUNS = Number(process.env.BENCH_RUNS || 15);
const DOWNLOAD_RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const MB = 1048576;
const mbps = (bytes, ms) => bytes / MB / (ms / 1000);
// BENCH_ONLY=weight,rows,throughput,slow,zip,memory,listing picks sections (all by default).
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (section) => !ONLY || ONLY.includes(section);
const lines = [];
const say = (line) => {
  lines.push(line);
  console.log(line);
};

const profiles = [];
let context;
let page;

// A fresh browser on its own persistent profile (the origin-private file system on disk, as for a
// user). `pickers`: 'opfs' stands the origin-private file system in for both pickers; 'none' takes
// them away, as in Firefox and Safari.
async function open(pickers) {
  if (context) await context.close();
  profiles.push(mkdtempSync(join(tmpdir(), 'portal-bench-')));
  context = await chromium.launchPersistentContext(profiles.at(-1), {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    locale: 'en-US',
    acceptDownloads: true,
  });
  await context.addInitScript((pickers) => {
    // The page's wasm instance, for its memory's size.
    addEventListener('TrunkApplicationStarted', (e) => (window.pageWasm = e.detail?.wasm));
    if (pickers === 'opfs') {
      window.showDirectoryPicker = async () => navigator.storage.getDirectory();
      window.showSaveFilePicker = async ({ suggestedName }) =>
        (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
    } else {
      for (const picker of ['showDirectoryPicker', 'showSaveFilePicker']) Object.defineProperty(window, picker, { value: undefined });
    }
  }, pickers);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('crash', () => (page.crashed = true));
  await page.goto(config.portalUrl);
}

// Fills the keys and the connection form (the demo bucket's keys unless others are given).
async function fill(endpoint, prefix, { keys = config.keys, bucket = config.bucket } = {}) {
  await page.getByLabel('Paste credentials').fill(keys);
  await page.getByLabel('Bucket', { exact: true }).fill(bucket);
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  await page.getByLabel('Prefix', { exact: true }).fill(prefix);
}

async function connect(endpoint = config.endpoint, prefix = '') {
  await page.goto(config.portalUrl);
  await fill(endpoint, prefix);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('table.listing tbody tr.line').first().waitFor();
}

// Watches the page's main thread for long tasks (50 ms or more) from now on; `longestTask()`
// then says the longest (0 when there was none).
async function watchLongTasks() {
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) window.longestTask = Math.max(window.longestTask, task.duration);
    }).observe({ type: 'longtask' });
  });
}
const longestTask = () => page.evaluate(() => window.longestTask ?? NaN);
// The JS heap of each isolate (the page, the runner's worker), through DevTools: used heap and
// the ArrayBuffer backing stores (a worker's wasm memory is one), in MB; the page's wasm memory.
const heapSessions = new WeakMap();
// Bytes of every WebAssembly.Memory alive in an isolate, through DevTools (`ask(method, params)`).
async function wasmMemoryOf(ask) {
  const proto = await ask('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const objects = proto?.result?.objectId && (await ask('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId }));
  if (!objects?.objects?.objectId) return NaN;
  const sizes = await ask('Runtime.callFunctionOn', {
    objectId: objects.objects.objectId,
    functionDeclaration: 'function () { return this.reduce((sum, m) => sum + m.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  return sizes?.result?.value ?? NaN;
}

async function isolateHeaps({ collect = false, workerWasm = true } = {}) {
  if (!heapSessions.has(page)) {
    const session = await context.newCDPSession(page);
    const waiting = new Map();
    session.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message);
      waiting.get(reply.id)?.(reply.result);
    });
    heapSessions.set(page, { session, waiting, workers: new Map(), next: 0 });
  }
  const cdp = heapSessions.get(page);
  const mb = (bytes) => (bytes ?? 0) / MB;
  if (collect) await cdp.session.send('HeapProfiler.collectGarbage');
  const own = await cdp.session.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.pageWasm?.memory?.buffer.byteLength ?? 0);
  const out = { page: { heap: mb(own.usedSize), buffers: mb(own.backingStorageSize), wasm: mb(wasm) } };
  const { targetInfos } = await cdp.session.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker' && t.url.endsWith('/runner_loader.js'));
  if (worker) {
    if (!cdp.workers.has(worker.targetId)) {
      const { sessionId } = await cdp.session.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
      cdp.workers.set(worker.targetId, sessionId);
    }
    const ask = (method, params = {}) => {
      const id = ++cdp.next;
      return Promise.race([
        new Promise((resolve) => {
          cdp.waiting.set(id, resolve);
          cdp.session
            .send('Target.sendMessageToTarget', { sessionId: cdp.workers.get(worker.targetId), message: JSON.stringify({ id, method, params }) })
            .catch(() => resolve(null));
        }),
        new Promise((resolve) => setTimeout(() => resolve(null), 5000)),
      ]);
    };
    if (collect) await ask('HeapProfiler.collectGarbage');
    const usage = await ask('Runtime.getHeapUsage');
    // The worker's wasm memory is not in its heap figures: found as every live WebAssembly.Memory.
    if (usage) usage.wasm = workerWasm ? await wasmMemoryOf(ask) : NaN;
    if (usage) out.worker = { heap: mb(usage.usedSize), buffers: mb(usage.backingStorageSize), wasm: mb(usage.wasm) };
  }
  return out;
}

// The longest main-thread task of each transfer timed since the last `say` of them.
let transferTasks = [];

// Milliseconds from a click to `files` rows of the transfers panel being done.
async function timedTransfer(button, files, timeout = 900_000) {
  await button.waitFor();
  await watchLongTasks();
  const t0 = Date.now();
  await button.click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('tr.transfer[data-outcome="Verified"], tr.transfer[data-outcome="NotVerifiable"]').length >= n,
    files,
    { polling: 20, timeout },
  );
  const ms = Date.now() - t0;
  transferTasks.push(await longestTask());
  const failed = await page.locator('tr.transfer[data-outcome="Failed"], tr.transfer[data-outcome="Mismatch"]').count();
  if (failed) throw new Error(`${failed} transfers failed`);
  return ms;
}

// One file through "Save with progress" (one stream, into the save dialog's file).
async function saveOne(endpoint, prefix, name) {
  await connect(endpoint, prefix);
  await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (1)' }).click();
  return timedTransfer(page.getByRole('button', { name: 'Save with progress' }), 1);
}

// A folder through "Choose folder and start" (big files in parallel ranged parts).
async function saveFolder(endpoint, folder, files) {
  await connect(endpoint);
  await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
  return timedTransfer(page.getByRole('button', { name: 'Choose folder and start' }), files);
}

// A folder as one ZIP into the save dialog's file (Chromium's ZIP path).
async function saveZip(endpoint, folder, files) {
  await connect(endpoint);
  await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
  return timedTransfer(page.getByRole('button', { name: 'Save as one ZIP' }), files);
}

// The raw peer in the page open now (see peers.mjs).
const rawFetch = (urls, parallel) => rawFetchIn(page, urls, parallel);

// Milliseconds for the page to fetch `url` and pipe it natively into a file of the origin-private
// file system: the fastest this browser writes a download to disk.
async function rawToFile(url) {
  return page.evaluate(async (url) => {
    const file = await (await navigator.storage.getDirectory()).getFileHandle('peer.bin', { create: true });
    const writable = await file.createWritable();
    const t = performance.now();
    const answer = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    if (!answer.ok) throw new Error(`a raw fetch was answered ${answer.status}`);
    await answer.body.pipeTo(writable);
    return performance.now() - t;
  }, url);
}

// ---- Connect → rows
// Milliseconds from Connect to the first or all rows, and the main thread's longest task (ms)
// meanwhile (`PerformanceObserver` long tasks: 50 ms or more; 0 when there was none).
// `warm`: the runner's worker (started by the pasted keys) has said hello before Connect, as when
// a user pastes keys and then fills in the bucket; else Connect follows the paste at once.
async function portalRows(prefix, until, warm) {
  await page.goto(config.portalUrl);
  await fill(config.endpoint, prefix);
  if (warm) await page.locator('html[data-runner="ready"]').waitFor({ state: 'attached' });
  return page.evaluate(
    ({ until }) =>
      new Promise((resolve) => {
        const done = () =>
          until === 'first'
            ? document.querySelector('table.listing tbody tr.line')
            : /^[\d,]+ items$/.test(document.getElementById('listing-heading')?.textContent ?? '');
        let longest = 0;
        const tasks = new PerformanceObserver((list) => {
          for (const task of list.getEntries()) longest = Math.max(longest, task.duration);
        });
        tasks.observe({ type: 'longtask' });
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            const ms = performance.now() - start;
            // Long tasks are reported after they end: let the last one in.
            setTimeout(() => {
              for (const task of tasks.takeRecords()) longest = Math.max(longest, task.duration);
              tasks.disconnect();
              resolve({ ms, longest });
            }, 100);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        document.querySelector('form button[type=submit]').click();
      }),
    { until },
  );
}

// ---- Listing at scale
const LISTING_RUNS = Number(process.env.BENCH_LISTING_RUNS || 3);

// Connect to the big folder: milliseconds to the first row and to every row (the status says
// "N items"), the longest main-thread task meanwhile, and the browser's memory idle and after.
async function loadListing(stopAt = Infinity) {
  const listing = JSON.parse(readFileSync(process.env.LISTING_CONFIG, 'utf8'));
  await page.goto(config.portalUrl);
  await fill(listing.endpoint, listing.prefix, listing);
  await page.locator('html[data-runner="ready"]').waitFor({ state: 'attached' });
  await new Promise((r) => setTimeout(r, 500));
  const idle = browserMemory(profiles.at(-1));
  const run = await page.evaluate(
    (stopAt) =>
      new Promise((resolve, reject) => {
        let longest = 0;
        let longestAt = 0;
        let first;
        const start = performance.now();
        setTimeout(() => reject(new Error('the listing never said how many items it holds')), 600_000);
        const tasks = new PerformanceObserver((list) => {
          for (const task of list.getEntries()) {
            if (task.duration > longest) [longest, longestAt] = [task.duration, task.startTime - start];
          }
        });
        tasks.observe({ type: 'longtask' });
        const observer = new MutationObserver(() => {
          first ??= document.querySelector('table.listing tr.line') ? performance.now() - start : undefined;
          const status = document.getElementById('listing-heading')?.textContent ?? '';
          const soFar = Number(/([\d,]+) items so far/.exec(status)?.[1].replaceAll(',', '') ?? 0);
          if (soFar >= stopAt) [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')?.click();
          const rows = (/^([\d,]+) items$/.exec(status)?.[1] ?? /^Stopped after ([\d,]+) items\.$/.exec(status)?.[1])?.replaceAll(',', '');
          if (rows) {
            observer.disconnect();
            const all = performance.now() - start;
            setTimeout(() => {
              for (const task of tasks.takeRecords()) {
                if (task.duration > longest) [longest, longestAt] = [task.duration, task.startTime - start];
              }
              tasks.disconnect();
              resolve({ first, all, longest, longestAt, rows: Number(rows) });
            }, 100);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        document.querySelector('form button[type=submit]').click();
      }),
    stopAt,
  );
  await new Promise((r) => setTimeout(r, 1000));
  const loaded = browserMemory(profiles.at(-1));
  // Garbage (the pages' text, the messages to the page) is not what the rows hold: collected
  // in both isolates before the second figure.
  const heaps = await isolateHeaps({ collect: true });
  await new Promise((r) => setTimeout(r, 1000));
  const after = browserMemory(profiles.at(-1));
  const added = Object.entries(after.byKind)
    .map(([kind, mb]) => [kind, mb - (idle.byKind[kind] ?? 0)])
    .filter(([, mb]) => Math.abs(mb) >= 2)
    .map(([kind, mb]) => `${kind} ${mb >= 0 ? '+' : ''}${mb.toFixed(0)}`)
    .join(', ');
  return { ...run, memory: { idle: idle.total, loaded: loaded.total, after: after.total, added, heaps } };
}

// Milliseconds from typing `text` in the filter to the table showing its matches (the status
// line counts them and the first row drawn holds the text), then the filter cleared again.
async function filterTime(text) {
  const ms = await page.evaluate(
    (text) =>
      new Promise((resolve, reject) => {
        const box = document.getElementById('filter');
        setTimeout(() => reject(new Error(`the filter "${text}" never showed a matching row`)), 60_000);
        const start = performance.now();
        const observer = new MutationObserver(() => {
          const status = document.getElementById('listing-heading')?.textContent ?? '';
          const row = document.querySelector('table.listing tr.line th')?.textContent ?? '';
          if (/ match$/.test(status) && row.toLowerCase().includes(text)) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    text,
  );
  await page.getByLabel('Filter this folder').fill('');
  await page.waitForFunction(() => /^[\d,]+ items$/.test(document.getElementById('listing-heading')?.textContent ?? ''));
  return ms;
}

// ---- Page weight per binary (brotli, quality 11, as a server would send it)
if (want('weight')) {
  const dist = join(process.cwd(), 'dist');
  const files = readdirSync(dist);
  const brotli = (name) => brotliCompressSync(readFileSync(join(dist, name)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length / 1000;
  const sum = (names) => names.reduce((total, name) => total + brotli(name), 0);
  const page = files.filter((f) => f === 'index.html' || f.endsWith('.css') || /^bucket-portal-.*\.(js|wasm)$/.test(f));
  const worker = files.filter((f) => f.startsWith('runner'));
  const [p, w, sw] = [sum(page), sum(worker), sum(['sw.js'])];
  say('== Page weight (brotli)');
  say(`  the page, loaded before the keys panel is usable (${page.length} files): ${p.toFixed(1)} KB (goal ≤ 150 KB)`);
  say(`  the runner's worker, loaded with the first keys (${worker.join(', ')}): ${w.toFixed(1)} KB; sw.js ${sw.toFixed(1)} KB`);
  say(`  both binaries together: ${(p + w).toFixed(1)} KB (goal: no heavier than the 274 KB of the one binary before the worker)`);
}

await open('opfs');
if (want('rows')) say('== Connect → rows (median)');
for (const [label, prefix, until, urls] of !want('rows') ? [] : [
  ['first rows of the root folder', '', 'first', config.rawRoot],
  [`all rows of many/ (${config.manyCount} keys, ${config.rawMany.length} pages)`, 'many/', 'all', config.rawMany],
]) {
  for (const warm of [true, false]) {
    const portal = [];
    const raw = [];
    const longest = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await portalRows(prefix, until, warm);
      portal.push(run.ms);
      longest.push(run.longest);
      raw.push(await rawFetch(urls));
    }
    const [p, r] = [median(portal), median(raw)];
    const when = warm ? 'worker already started' : 'worker starting with the paste just before Connect';
    say(`  ${label}, ${when}: portal ${p.toFixed(1)} ms, raw fetch of the same listing ${r.toFixed(1)} ms (${(p / r).toFixed(2)}× the time, goal ≤ 2×; ${RUNS} runs)`);
    say(`    longest main-thread task meanwhile: ${Math.max(...longest).toFixed(0)} ms at worst, ${median(longest).toFixed(0)} ms median (goal: none over 50 ms; 0 = no long task)`);
  }
}

// ---- Throughput on loopback
if (want('throughput')) say(`== Download throughput on loopback (median of ${DOWNLOAD_RUNS}; in-app = written to disk through the File System Access API)`);
for (const [label, run, bytes, raw] of !want('throughput') ? [] : [
  [`${config.whole.name}, one PUT (MD5 ETag): Save with progress, verified while streaming`, () => saveOne(config.endpoint, 'ranged/', config.whole.name), config.whole.bytes, config.whole.raw],
  [`${config.big.name}, multipart: Save with progress, one stream`, () => saveOne(config.endpoint, '', config.big.name), config.big.bytes, config.big.raw],
  [`${config.big.name}, multipart: folder download (the first part alone, then the rest in one request on a fast link)`, () => saveFolder(config.endpoint, 'parts', 1), config.big.bytes, config.big.raw],
  [`${config.big.name}, multipart: the folder as one ZIP into the save dialog's file (CRC-32 while streaming)`, () => saveZip(config.endpoint, 'parts', 1), config.big.bytes, config.big.raw],
]) {
  const inApp = [];
  const peer = [];
  const peerToFile = [];
  transferTasks = [];
  for (let i = 0; i < DOWNLOAD_RUNS; i++) {
    await open('opfs');
    inApp.push(await run());
    peer.push(await rawFetch([raw]));
    peerToFile.push(await rawToFile(raw));
  }
  const [a, r, f] = [mbps(bytes, median(inApp)), mbps(bytes, median(peer)), mbps(bytes, median(peerToFile))];
  say(`  ${label}: ${a.toFixed(0)} MB/s; raw fetch of the same URL, reading only: ${r.toFixed(0)} MB/s → ${(a / r).toFixed(2)}× (goal ≥ 0.9×); raw fetch piped natively into a file: ${f.toFixed(0)} MB/s → ${(a / f).toFixed(2)}×`);
  say(`    longest main-thread task during the download: ${Math.max(...transferTasks).toFixed(0)} ms at worst of ${transferTasks.length} runs (goal: none over 50 ms; 0 = no long task)`);
}

// ---- Ranged vs one stream on a long link
if (want('slow')) {
say('== Through a proxy adding 50 ms each way (1 MiB in flight per connection), one run each');
await open('opfs');
const single = await saveOne(config.slowEndpoint, '', config.big.name);
await open('opfs');
const ranged = await saveFolder(config.slowEndpoint, 'parts', 1);
const rawSlow = await rawFetch([config.big.rawSlow]);
say(`  ${config.big.name}: parallel ranged parts ${mbps(config.big.bytes, ranged).toFixed(1)} MB/s, one stream (Save with progress) ${mbps(config.big.bytes, single).toFixed(1)} MB/s → ${(single / ranged).toFixed(2)}× faster (goal ≥ 1.5×); raw fetch, one stream ${mbps(config.big.bytes, rawSlow).toFixed(1)} MB/s`);
}

// ---- ZIP of 2,000 files through the service worker
if (want('zip')) {
say('== One ZIP of many/ through the service worker (no pickers, as in Firefox and Safari)');
await open('none');
await connect();
await page.getByRole('button', { name: 'Download folder many/', exact: true }).click();
const zipButton = page.getByRole('button', { name: 'Save as one ZIP' });
await zipButton.waitFor();
await watchLongTasks();
const z0 = Date.now();
const [zip] = await Promise.all([page.waitForEvent('download'), zipButton.click()]);
await zip.path();
const zipMs = Date.now() - z0;
const zipTask = await longestTask();
await zip.delete();
const rawMany = await rawFetch(config.rawManyObjects, 6);
say(`  ${config.manyCount} files, ${(config.manyBytes / 1024).toFixed(0)} KB: ${(config.manyCount / (zipMs / 1000)).toFixed(0)} files/s, ${mbps(config.manyBytes, zipMs).toFixed(2)} MB/s (${zipMs} ms to the finished download); raw fetch of the same files, 6 at a time: ${(config.manyCount / (rawMany / 1000)).toFixed(0)} files/s`);
say(`    longest main-thread task during the ZIP: ${zipTask.toFixed(0)} ms (goal: none over 50 ms; 0 = no long task)`);
}

// ---- Memory during 2 GiB
// Proportional set size of every process of this browser (found by its profile folder), in MB, in
// all and by kind of process (browser, renderer, utility = network and storage services, …).
function browserMemory(profile) {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map();
  let root;
  for (const pid of procs) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!root && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) root = pid;
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid) => {
    for (let p = pid; p && p !== '0' && p !== '1'; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const byKind = {};
  let total = 0;
  for (const pid of procs) {
    if (!inTree(pid)) continue;
    try {
      const mb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
      const kind = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      byKind[kind] = (byKind[kind] ?? 0) + mb;
      total += mb;
    } catch {
      // The process ended meanwhile.
    }
  }
  return { total, byKind };
}

// The idle and peak memory around `work`, and at the peak how much each kind of process added.
async function peakDuring(work) {
  const profile = profiles.at(-1);
  const idle = [];
  for (let i = 0; i < 5; i++) {
    idle.push(browserMemory(profile));
    await new Promise((r) => setTimeout(r, 200));
  }
  idle.sort((a, b) => a.total - b.total);
  const base = idle[2];
  let peak = base;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const now = browserMemory(profile);
      if (now.total > peak.total) peak = now;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  // Each isolate's heap at its own peak, sampled less often (each sample is a DevTools call).
  const heaps = { page: { heap: 0, buffers: 0, wasm: 0 }, worker: null };
  const heapSampler = (async () => {
    while (running) {
      // Without the worker's wasm memory, which needs a walk of its heap: that figure is in its
      // buffers already, and the walk, every half second during a download, is suspected of
      // crashing Chromium's renderer (the page and the service worker with it).
      const now = await isolateHeaps({ workerWasm: false }).catch(() => null);
      for (const [isolate, figures] of Object.entries(now ?? {})) {
        heaps[isolate] ??= { heap: 0, buffers: 0 };
        for (const [k, v] of Object.entries(figures)) heaps[isolate][k] = Math.max(heaps[isolate][k] ?? 0, v);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  await watchLongTasks();
  const ms = await work();
  const longest = await longestTask();
  running = false;
  await sampler;
  await heapSampler;
  const added = Object.entries(peak.byKind)
    .map(([kind, mb]) => [kind, mb - (base.byKind[kind] ?? 0)])
    .filter(([, mb]) => Math.abs(mb) >= 5)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, mb]) => `${kind} ${mb >= 0 ? '+' : ''}${mb.toFixed(0)}`)
    .join(', ');
  return { idle: base.total, peak: peak.total, ms, added, heaps, longest };
}

// One line of the memory figures.
function memoryLine(label, run, bytes) {
  const { page: p, worker: w } = run.heaps ?? {};
  const isolates = [
    p && `page heap ${p.heap.toFixed(0)} MB, its buffers ${p.buffers.toFixed(0)} MB, its wasm memory ${p.wasm.toFixed(0)} MB`,
    w ? `worker heap ${w.heap.toFixed(0)} MB, its buffers (wasm memory included) ${w.buffers.toFixed(0)} MB` : 'worker: not measured (no runner worker found)',
  ].filter(Boolean);
  const tasks = Number.isNaN(run.longest) ? 'longest main-thread task: not measured' : `longest main-thread task ${run.longest.toFixed(0)} ms`;
  return `  ${label}: idle ${run.idle.toFixed(0)} MB, peak ${run.peak.toFixed(0)} MB → +${(run.peak - run.idle).toFixed(0)} MB (${run.added || 'no process above 5 MB'}; ${mbps(bytes, run.ms).toFixed(0)} MB/s)\n    at their peaks: ${isolates.join('; ')}; ${tasks}`;
}

if (want('memory')) {
say(`== Peak memory of all the browser's processes during one download (goal ≤ 100 MB above idle), each path at two sizes: flat memory does not follow the size`);
// A download through the browser's download manager; milliseconds to the finished file.
async function throughDownloads(button) {
  const t0 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  try {
    await download.path();
  } catch (error) {
    // What the page said of it tells a download the page stopped from one the browser dropped.
    if (page.crashed) throw new Error(`${error.message}: the page's renderer crashed`);
    const said = await page.locator('tr.transfer, [role=alert], .banner').allInnerTexts().catch(() => []);
    throw new Error(`${error.message}; the page said: ${said.join(' | ').replace(/\s+/g, ' ') || 'nothing'}`);
  }
  const ms = Date.now() - t0;
  await download.delete();
  return ms;
}
// `parts/` holds the 200 MB file alone and `huge/` the 2 GiB one: a folder download of either is
// one file.
const sizes = [
  ['parts', '', config.big.name, config.big.bytes],
  ['huge', 'huge/', config.huge.name, config.huge.bytes],
];
for (const [folder, prefix, name, bytes] of sizes) {
  for (const [label, endpoint] of [
    ['into a picked folder (one stream after the first part on this fast link)', config.endpoint],
    ['into a picked folder over the 50 ms link (parallel ranged parts)', config.slowEndpoint],
  ]) {
    await open('opfs');
    await connect(endpoint);
    await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
    const run = await peakDuring(() => timedTransfer(page.getByRole('button', { name: 'Choose folder and start' }), 1));
    say(memoryLine(`${name} ${label}`, run, bytes));
  }
  await open('opfs');
  await connect(config.endpoint);
  await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
  const zipRun = await peakDuring(() => timedTransfer(page.getByRole('button', { name: 'Save as one ZIP' }), 1));
  say(memoryLine(`${name} as one ZIP into the save dialog's file`, zipRun, bytes));
  await open('none');
  await connect(config.endpoint);
  await page.getByRole('button', { name: `Download folder ${folder}/`, exact: true }).click();
  const swZip = await peakDuring(() => throughDownloads(page.getByRole('button', { name: 'Save as one ZIP' })));
  say(memoryLine(`${name} as one ZIP through the service worker to the download manager`, swZip, bytes));
  await open('opfs');
  await connect(config.endpoint, prefix);
  await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (1)' }).click();
  const oneRun = await peakDuring(() => timedTransfer(page.getByRole('button', { name: 'Save with progress' }), 1));
  say(memoryLine(`${name} Save with progress into the save dialog's file (one stream)`, oneRun, bytes));
  await open('none');
  await connect(config.endpoint, prefix);
  await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Download selected (1)' }).click();
  const streamRun = await peakDuring(() => throughDownloads(page.getByRole('button', { name: 'Save with progress' })));
  say(memoryLine(`${name} Save with progress through the service worker to the download manager`, streamRun, bytes));
  await connect(config.endpoint, prefix);
  const native = await peakDuring(() => throughDownloads(page.getByRole('button', { name: `Download ${name}`, exact: true })));
  say(memoryLine(`${name} peer: the presigned "Download" straight to the download manager`, native, bytes));
}
}

// ---- A folder of 100,000 keys (scripts/bench.sh seeds it once into its own cached Garage; 1,000 in
// the smoke run)
const listing = JSON.parse(readFileSync(process.env.LISTING_CONFIG, 'utf8'));
if (want('listing') && !listing.count) say('== A folder of many keys: not measured (scripts/bench.sh did not seed it)');
if (want('listing') && listing.count) {
  const keyMean = listing.keyBytes / listing.count;
  say(`== A folder of ${listing.count.toLocaleString('en-US')} keys (${listing.prefix}, ${listing.rawPages.length} pages of ListObjectsV2, keys ${keyMean.toFixed(1)} bytes on average), median of ${LISTING_RUNS}`);
  const loads = [];
  const raws = [];
  for (let i = 0; i < LISTING_RUNS; i++) {
    await open('opfs');
    loads.push(await loadListing());
    raws.push(await rawFetch(listing.rawPages));
  }
  const first = median(loads.map((l) => l.first));
  const all = median(loads.map((l) => l.all));
  const raw = median(raws);
  const rawFirst = await rawFetch(listing.rawPages.slice(0, 1));
  say(`  Connect → first rows: portal ${first.toFixed(0)} ms; raw fetch of the first page ${rawFirst.toFixed(0)} ms`);
  say(`  Connect → all ${listing.count.toLocaleString('en-US')} rows: portal ${all.toFixed(0)} ms; raw fetches of the same ${listing.rawPages.length} presigned pages in sequence ${raw.toFixed(0)} ms → ${(all / raw).toFixed(2)}× (goal ≤ 1.2×)`);
  const worst = loads.reduce((a, b) => (b.longest > a.longest ? b : a));
  say(`  longest main-thread task while it loads: ${worst.longest.toFixed(0)} ms at worst (it began ${worst.longestAt.toFixed(0)} ms after Connect; the first rows came at ${worst.first.toFixed(0)} ms), ${median(loads.map((l) => l.longest)).toFixed(0)} ms median (goal: none over 50 ms; 0 = no long task)`);
  // The last run's page still holds every row: scroll it end to end, in steps and in jumps.
  const scrolling = await page.evaluate(async () => {
    const box = document.querySelector('.rows');
    let longest = 0;
    const tasks = new PerformanceObserver((list) => {
      for (const task of list.getEntries()) longest = Math.max(longest, task.duration);
    });
    tasks.observe({ type: 'longtask' });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let y = 0; y < box.scrollHeight; y += box.clientHeight * 20) {
      box.scrollTop = y;
      await frame();
    }
    for (const y of [0, box.scrollHeight, box.scrollHeight / 2, 0]) {
      box.scrollTop = y;
      await frame();
      await frame();
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const task of tasks.takeRecords()) longest = Math.max(longest, task.duration);
    tasks.disconnect();
    return longest;
  });
  say(`  longest main-thread task while scrolling end to end and back: ${scrolling.toFixed(0)} ms (goal: none over 50 ms; 0 = no long task)`);
  const filters = [];
  for (const text of ['item 9', 'item 12', '77', 'txt', `item ${listing.count - 1}`]) filters.push(await filterTime(text));
  say(`  filter on all ${listing.count.toLocaleString('en-US')} rows, keystroke → rows updated: ${median(filters).toFixed(0)} ms median, ${Math.max(...filters).toFixed(0)} ms at worst of ${filters.length} (goal ≤ 100 ms)`);
  const memory = loads.at(-1).memory;
  const perKey = (memory.after - memory.idle) * MB / listing.count;
  // The same page stopped after about 10,000 rows: what each further row costs, without the
  // fixed cost of a page that has listed at all.
  await open('opfs');
  const stopAt = Math.min(10_000, Math.floor(listing.count / 10));
  const part = await loadListing(stopAt);
  const marginal = ((memory.after - part.memory.after) * MB) / (listing.count - part.rows);
  const { page: ph, worker: wh } = memory.heaps;
  say(`  memory of all the browser's processes with every row loaded: +${(memory.loaded - memory.idle).toFixed(0)} MB above the idle page as it finished; after garbage collection +${(memory.after - memory.idle).toFixed(0)} MB (${memory.added}) → ${perKey.toFixed(0)} bytes a key, ${(perKey - keyMean).toFixed(0)} without the key's own ${keyMean.toFixed(0)} bytes (goal ≤ 200)`);
  if (part.rows >= listing.count && process.env.BENCH_SMOKE) throw new Error(`the listing could not be stopped after ${stopAt} rows`);
  say(
    part.rows < listing.count
      ? `    the same page stopped after ${part.rows.toLocaleString('en-US')} rows: +${(part.memory.after - part.memory.idle).toFixed(0)} MB after garbage collection → each further row ${marginal.toFixed(0)} bytes, ${(marginal - keyMean).toFixed(0)} without its key (goal ≤ 200)`
      : `    each further row: not measured (the listing ended before it could be stopped after ${stopAt.toLocaleString('en-US')} rows)`,
  );
  say(`    then: page heap ${ph.heap.toFixed(1)} MB, its wasm memory ${ph.wasm.toFixed(1)} MB; ${wh ? `worker heap ${wh.heap.toFixed(1)} MB, its wasm memory ${Number.isNaN(wh.wasm) ? 'not measured' : `${wh.wasm.toFixed(1)} MB`}` : 'worker: not measured'}`);
}
if (want('listing') && listing.cliRecursiveMs) {
  // "Search all sub-folders" against the AWS CLI listing the same keys: from the bucket's root
  // (flat/ is one folder of 100,000 keys, which no listing can split) and within tree/ (1,000
  // folders: the fan-out's own effect).
  const search = async (prefix) => {
    const searches = [];
    let scanned = 0;
    for (let i = 0; i < LISTING_RUNS; i++) {
      await open('opfs');
      await page.goto(config.portalUrl);
      await fill(listing.endpoint, prefix, listing);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByText(/^[\d,]+ items$/).waitFor();
      const t0 = Date.now();
      await page.getByLabel('Search all sub-folders').check();
      await page.getByText(/^[\d,]+ keys in all sub-folders$/).waitFor({ timeout: 600_000 });
      searches.push(Date.now() - t0);
      scanned = Number((await page.locator('#listing-heading').innerText()).replace(/[^\d]/g, ''));
    }
    return { ms: median(searches), scanned };
  };
  const whole = await search('');
  say(`  recursive listing of the whole bucket (${whole.scanned.toLocaleString('en-US')} keys; flat/ and tree/, ${listing.treeFolders.toLocaleString('en-US')} folders two or three levels down): "Search all sub-folders" ${whole.ms.toFixed(0)} ms; \`aws s3 ls --recursive\` ${listing.cliRecursiveMs.toFixed(0)} ms (${listing.cliRecursiveKeys.toLocaleString('en-US')} keys) → ${(listing.cliRecursiveMs / whole.ms).toFixed(2)}× faster (goal ≥ 2×; fanned out, flat/ a single run)`);
  if (listing.cliTreeMs) {
    const tree = await search('tree/');
    say(`  recursive listing of tree/ (${tree.scanned.toLocaleString('en-US')} keys in ${listing.treeFolders.toLocaleString('en-US')} folders): "Search all sub-folders" ${tree.ms.toFixed(0)} ms; \`aws s3 ls --recursive\` ${listing.cliTreeMs.toFixed(0)} ms (${listing.cliTreeKeys.toLocaleString('en-US')} keys) → ${(listing.cliTreeMs / tree.ms).toFixed(2)}× faster (goal ≥ 2×)`);
  }
}

await context.close();
for (const dir of profiles) rmSync(dir, { recursive: true, force: true });

// The end-to-end tests' one view of a browser: a Page with Playwright-like locators over three drivers
// (playwright-core for Chromium, puppeteer-core over WebDriver BiDi for Firefox, selenium-webdriver
// for WebKitGTK). Locators are resolved inside the page by find.mjs, so every browser reads the page
// the same way; clicks, keys and navigation are each driver's own (real input events).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAll, isShown } from './find.mjs';

export const BROWSER = process.env.E2E_BROWSER || 'chromium';
const DEFAULT_TIMEOUT = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the page keeps of itself for the tests: the finder, and every CSP violation it saw.
const PRELUDE = `(() => {
  if (!window.__e2e) {
    window.__e2e = { findAll: (${findAll}), isShown: (${isShown}), csp: [] };
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__e2e.csp.push(e.effectiveDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));
  }
  return window.__e2e;
})()`;
const NO_FINDER = '__e2e: no finder in this document__';
const call = (fn, ...args) => `(${fn})(${args.map((a) => (a === undefined ? 'undefined' : JSON.stringify(a))).join(', ')})`;
const wire = (text) => (text instanceof RegExp ? { source: text.source, flags: text.flags } : text);

// Types `text` into the focused field at once, as a paste does (one input event).
function insertText(text) {
  document.execCommand('insertText', false, text);
}

// A JS handle as Playwright and Puppeteer give it: an element's own handle, null for null.
async function jsHandle(handle) {
  const element = handle.asElement();
  if (element) return element;
  return (await handle.evaluate((value) => value === null || value === undefined)) ? null : handle;
}

// What Playwright's and Puppeteer's pages do alike: evaluation, element handles, clicks, typing.
function pageCalls(page) {
  return {
    eval: (expr) => page.evaluate(expr),
    script: (source) => page.evaluate(`${source}\n;0`),
    handle: async (expr) => jsHandle(await page.evaluateHandle(expr)),
    evalOn: (handle, fn, arg) => handle.evaluate(fn, arg),
    click: (handle) => handle.click(),
    type: (handle, text) => handle.type(text),
  };
}

// ---- the three drivers: each gives eval (an expression, awaited), handles, input and navigation.

async function chromiumDriver({ locale }) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'portal-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    locale,
    acceptDownloads: true,
  });
  await context.addInitScript(PRELUDE);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text().slice(0, 400)));
  const raw = {
    context,
    page,
    async closeKeepingProfile() {
      await context.close();
      return profile;
    },
  };
  return {
    raw,
    ...pageCalls(page),
    press: (key) => page.keyboard.press(key),
    insertText: (text) => page.keyboard.insertText(text),
    goto: (url) => page.goto(url),
    reload: () => page.reload(),
    back: () => page.goBack(),
    url: () => page.url(),
    viewport: (width, height) => page.setViewportSize({ width, height }),
    colorScheme: (scheme) => page.emulateMedia({ colorScheme: scheme }),
    addInitScript: (script) => context.addInitScript(script),
    async expectDownload(action, timeout) {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), action()]);
      const dir = mkdtempSync(join(tmpdir(), 'portal-dl-'));
      const path = join(dir, dl.suggestedFilename());
      await dl.saveAs(path);
      const failure = await dl.failure();
      if (failure) throw new Error(`download failed: ${failure}`);
      return { path, suggested: dl.suggestedFilename() };
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Waits for a file that was not in `before` to land whole in `dir` (no partial file beside it, its
// size steady for a second), and returns its name.
async function landed(dir, before, timeout) {
  const partial = /\.(part|crdownload|download|wkdownload)$/;
  const deadline = Date.now() + timeout;
  let last = '';
  let steadySince = 0;
  while (Date.now() < deadline) {
    const names = readdirSync(dir);
    const fresh = names.filter((n) => !before.has(n) && !partial.test(n));
    const busy = names.some((n) => partial.test(n));
    if (fresh.length && !busy) {
      const state = fresh.map((n) => `${n}:${statSync(join(dir, n)).size}`).join('|');
      if (state !== last) [last, steadySince] = [state, Date.now()];
      else if (Date.now() - steadySince >= 1000) return fresh[0];
    }
    await sleep(200);
  }
  throw new Error(`no download landed in ${dir} within ${timeout} ms (${readdirSync(dir).join(', ')})`);
}

function folderDownloads(dir) {
  return async (action, timeout) => {
    const before = new Set(readdirSync(dir));
    await action();
    const name = await landed(dir, before, timeout);
    return { path: join(dir, name), suggested: name };
  };
}

// One Firefox per language (its language is a preference of the whole browser); a test's page is a
// browser context of its own, with its own storage and download folder.
const firefoxes = new Map();
async function firefoxDriver({ locale }) {
  const puppeteer = (await import('puppeteer-core')).default;
  if (!firefoxes.has(locale)) firefoxes.set(locale, await launchFirefox(puppeteer, locale));
  try {
    return await firefoxPage(firefoxes.get(locale));
  } catch (error) {
    // A download that failed leaves Firefox's own modal alert ("… could not be saved"), which
    // holds every later command: a new browser then.
    console.log(`# Firefox restarted: ${String(error.message).split('\n')[0]}`);
    await firefoxes.get(locale).close().catch(() => {});
    firefoxes.set(locale, await launchFirefox(puppeteer, locale));
    return firefoxPage(firefoxes.get(locale));
  }
}

function launchFirefox(puppeteer, locale) {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'intl.accept_languages': locale,
      'intl.locale.requested': locale,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.useDownloadDir': true,
      'browser.download.folderList': 2,
      'dom.events.asyncClipboard.readText': true,
      'dom.events.testing.asyncClipboard': true,
    },
  });
}

async function firefoxPage(firefox) {
  const downloads = mkdtempSync(join(tmpdir(), 'portal-dl-'));
  const context = await firefox.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  await page.evaluateOnNewDocument(PRELUDE);
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  // "Leave this page?" (asked while downloads run) would otherwise hold the browser at close.
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  const keys = { ' ': 'Space', Control: 'Control' };
  return {
    raw: { context, page, downloads },
    ...pageCalls(page),
    async press(combo) {
      const parts = combo === '+' ? ['+'] : combo.split('+');
      const key = keys[parts.at(-1)] ?? parts.at(-1);
      for (const m of parts.slice(0, -1)) await page.keyboard.down(m);
      await page.keyboard.press(key);
      for (const m of parts.slice(0, -1).reverse()) await page.keyboard.up(m);
    },
    insertText: (text) => page.evaluate(insertText, text),
    goto: (url) => page.goto(url),
    reload: () => page.reload(),
    back: () => page.goBack(),
    url: () => page.url(),
    viewport: (width, height) => page.setViewport({ width, height }),
    // Puppeteer emulates media features over DevTools only, which Firefox no longer speaks.
    colorScheme: null,
    addInitScript: (script) => page.evaluateOnNewDocument(script),
    expectDownload: folderDownloads(downloads),
    async close() {
      await page.close({ runBeforeUnload: false }).catch(() => {});
      await context.close().catch(() => {});
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

// WebKitGTK: MiniBrowser under WebKitWebDriver on an Xvfb display, one driver per language (WebKitGTK
// takes its language from the environment), each session a new MiniBrowser with an ephemeral profile.
const webkits = new Map();
async function webkitServer(locale) {
  if (!webkits.has(locale)) webkits.set(locale, await startWebkit(locale));
  return webkits.get(locale);
}

async function startWebkit(locale) {
  const home = mkdtempSync(join(tmpdir(), 'portal-webkit-'));
  const downloads = join(home, 'Downloads');
  mkdirSync(join(home, '.config'), { recursive: true });
  mkdirSync(downloads);
  writeFileSync(join(home, '.config', 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    xvfb.stdio[3].on('data', (d) => { out += d; if (out.includes('\n')) resolve(`:${out.trim()}`); });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb ended (${code})`)));
  });
  const port = await freePort();
  // WebKitGTK speaks the language of the C library's locale: one of its own, compiled here.
  const lang = locale.replace('-', '_');
  const locales = join(home, 'locale');
  mkdirSync(locales);
  execFileSync('localedef', ['-i', lang, '-f', 'UTF-8', join(locales, `${lang}.UTF-8`)]);
  const env = { ...process.env, DISPLAY: display, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LOCPATH: locales, LANGUAGE: lang, LANG: `${lang}.UTF-8`, LC_ALL: `${lang}.UTF-8` };
  // Painting on the CPU: Xvfb has no GPU, and WebKit's Skia GPU painting thread segfaulted here
  // once ("SkiaGPUWorker: segfault" in the kernel log, on a software GL).
  env.WEBKIT_SKIA_ENABLE_CPU_RENDERING = '1';
  const drivers = new Set();
  const stop = () => {
    for (const pid of drivers) killGroup(pid);
    xvfb.kill();
    rmSync(home, { recursive: true, force: true });
  };
  process.on('exit', stop);
  return { env, downloads, drivers, stop };
}

// A WebKitWebDriver of its own for one page, in a process group of its own (its MiniBrowser
// included), so closing the page ends both whatever state they are in.
async function webkitDriverProcess(server) {
  const port = await freePort();
  const child = spawn('WebKitWebDriver', [`--port=${port}`], { env: server.env, stdio: 'ignore', detached: true });
  server.drivers.add(child.pid);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) })).ok) break; } catch { await sleep(100); }
  }
  return {
    url,
    end: () => {
      killGroup(child.pid);
      server.drivers.delete(child.pid);
    },
  };
}

function killGroup(pid) {
  try { process.kill(-pid, 'SIGKILL'); } catch { /* gone already */ }
}

// Ends the browsers this process started when it is told to stop, too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

// A new session on a driver of its own. Once in a full run, MiniBrowser was gone and
// WebKitWebDriver never answered the suite, which then waited for ever: a session takes about a
// second, so one not made within 60 s (or refused) ends that driver, and a fresh one is tried once.
async function webkitSession(server, Builder, capabilities) {
  for (let attempt = 1; ; attempt++) {
    const own = await webkitDriverProcess(server);
    const build = new Builder().usingServer(own.url).withCapabilities(capabilities).build();
    let timer;
    const late = new Promise((resolve) => { timer = setTimeout(() => resolve('no session within 60 s'), 60_000); });
    const outcome = await Promise.race([build, late]).catch((e) => `refused: ${String(e.message).split('\n')[0]}`);
    clearTimeout(timer);
    if (typeof outcome !== 'string') return { driver: outcome, own };
    build.catch(() => {});
    own.end();
    if (attempt === 2) throw new Error(`WebKitWebDriver made no session, twice (${outcome})`);
    console.log(`# WebKit: ${outcome}; trying once more on a fresh driver`);
  }
}

async function webkitDriver({ locale }) {
  const { Builder, Key } = await import('selenium-webdriver');
  const server = await webkitServer(locale);
  // One download folder per driver: each page starts with it empty.
  for (const name of readdirSync(server.downloads)) rmSync(join(server.downloads, name), { recursive: true, force: true });
  const args = ['--automation'];
  const { driver, own } = await webkitSession(server, Builder, {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args },
  });
  await driver.manage().setTimeouts({ script: 300_000, pageLoad: 60_000 });
  await driver.manage().window().setRect({ width: 1280, height: 800 });
  const keys = {
    Tab: Key.TAB, Enter: Key.ENTER, ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT,
    ArrowRight: Key.ARROW_RIGHT, Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE, Shift: Key.SHIFT, Control: Key.CONTROL,
    Alt: Key.ALT, Home: Key.HOME, End: Key.END, PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP, Delete: Key.DELETE,
  };
  const after = async () => driver.executeScript(`return ${PRELUDE} && true`).catch(() => {});
  return {
    raw: { driver, downloads: server.downloads },
    eval: (expr) => driver.executeScript(`return ${expr}`),
    script: (source) => driver.executeScript(source),
    handle: (expr) => driver.executeScript(`return ${expr}`),
    evalOn: (handle, fn, arg) => driver.executeScript(`return (${fn})(arguments[0], arguments[1])`, handle, arg),
    click: (handle) => handle.click(),
    type: (handle, text) => handle.sendKeys(text),
    async press(combo) {
      const parts = combo === '+' ? ['+'] : combo.split('+');
      const [mods, key] = [parts.slice(0, -1).map((m) => keys[m]), keys[parts.at(-1)] ?? parts.at(-1)];
      let actions = driver.actions();
      for (const m of mods) actions = actions.keyDown(m);
      actions = actions.keyDown(key).keyUp(key);
      for (const m of mods.reverse()) actions = actions.keyUp(m);
      await actions.perform();
    },
    insertText: (text) => driver.executeScript(`return (${insertText})(arguments[0])`, text),
    goto: async (url) => { await driver.get(url); await after(); },
    reload: async () => { await driver.navigate().refresh(); await after(); },
    back: async () => { await driver.navigate().back(); await after(); },
    url: () => driver.getCurrentUrl(),
    viewport: (width, height) => driver.manage().window().setRect({ width, height }),
    colorScheme: null,
    addInitScript: null,
    expectDownload: folderDownloads(server.downloads),
    async close() {
      await Promise.race([driver.quit().catch(() => {}), sleep(5000)]);
      own.end();
    },
  };
}

const DRIVERS = { chromium: chromiumDriver, firefox: firefoxDriver, webkit: webkitDriver };

// ---- the Page every test uses.

export class Page {
  static async open(url, { locale = 'en-US', browser = BROWSER } = {}) {
    const page = new Page(await DRIVERS[browser]({ locale }));
    await page.goto(url);
    return page;
  }

  constructor(driver) {
    this.driver = driver;
    this.cspSeen = [];
    this.keyboard = { press: (key) => driver.press(key), insertText: (text) => driver.insertText(text) };
  }

  // What only some drivers can do (an init script, a colour scheme): null where it cannot.
  can(what) {
    return Boolean(this.driver[what]);
  }

  // Evaluates `expr` in the page, with the finder there (sent again only when a new document
  // lacks it: it is most of what each call would carry).
  async eval(expr) {
    const value = await this.driver.eval(`(window.__e2e ? (${expr}) : ${JSON.stringify(NO_FINDER)})`);
    if (value !== NO_FINDER) return value;
    return this.driver.eval(`(${PRELUDE}, ${expr})`);
  }
  evaluate(fn, arg) {
    return this.eval(call(fn, arg));
  }
  // Runs a whole script (a tool such as axe-core) in the page.
  runScript(source) {
    return this.driver.script(source);
  }
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    // Only whether it holds comes back (an element, say, does not travel the same in every driver).
    const holds = `(async () => Boolean(await ${call(fn, arg)}))()`;
    for (;;) {
      const value = await this.eval(holds).catch((e) => (Date.now() > deadline ? Promise.reject(e) : undefined));
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${String(fn).slice(0, 200)}`);
      await sleep(100);
    }
  }
  waitForTimeout(ms) {
    return sleep(ms);
  }

  // Keeps the CSP violations of the document about to go away.
  async keepCsp() {
    const seen = await this.driver.eval('window.__e2e ? window.__e2e.csp.splice(0) : []').catch(() => []);
    this.cspSeen.push(...(seen ?? []));
  }
  async cspViolations() {
    await this.keepCsp();
    return this.cspSeen.splice(0);
  }

  async goto(url) {
    await this.keepCsp();
    await this.driver.goto(url);
    await this.locator('body').waitFor({ state: 'attached' });
  }
  async reload() {
    await this.keepCsp();
    await this.driver.reload();
  }
  async goBack() {
    await this.driver.back();
  }
  url() {
    return this.driver.url();
  }
  setViewportSize({ width, height }) {
    return this.driver.viewport(width, height);
  }
  emulateMedia({ colorScheme }) {
    return this.driver.colorScheme(colorScheme);
  }
  addInitScript(script) {
    return this.driver.addInitScript(script);
  }
  // Clicks `action`'s target and returns the file the browser saved: { path, suggested }.
  expectDownload(action, timeout = 120_000) {
    return this.driver.expectDownload(action, timeout);
  }
  close() {
    return this.driver.close();
  }

  locator(css, { hasText } = {}) {
    return new Locator(this, [{ css, hasText: wire(hasText) }]);
  }
  getByRole(role, { name, exact } = {}) {
    return new Locator(this, [{ role, name: wire(name), exact }]);
  }
  getByLabel(label, { exact } = {}) {
    return new Locator(this, [{ label: wire(label), exact }]);
  }
  getByText(text, { exact } = {}) {
    return new Locator(this, [{ text: wire(text), exact }]);
  }
}

// What drivers say of an element the page replaced after it was found.
const STALE = /stale|not found|detached|not attached|no longer|Node with identifier|does not belong to the document|not connected/i;

function findExpr(chain, op) {
  return `(() => { const e = window.__e2e; const els = e.findAll(${JSON.stringify(chain)}); ${op} })()`;
}

export class Locator {
  constructor(page, chain) {
    this.page = page;
    this.chain = chain;
  }
  toString() {
    return `locator ${JSON.stringify(this.chain)}`;
  }
  #then(step) {
    return new Locator(this.page, [...this.chain, step]);
  }
  locator(css, { hasText } = {}) {
    return this.#then({ css, hasText: wire(hasText) });
  }
  getByRole(role, { name, exact } = {}) {
    return this.#then({ role, name: wire(name), exact });
  }
  getByLabel(label, { exact } = {}) {
    return this.#then({ label: wire(label), exact });
  }
  getByText(text, { exact } = {}) {
    return this.#then({ text: wire(text), exact });
  }
  first() {
    return this.#then({ first: true });
  }
  and(other) {
    return this.#then({ and: other.chain });
  }

  #run(op) {
    return this.page.eval(findExpr(this.chain, op));
  }
  count() {
    return this.#run('return els.length;');
  }
  async isVisible() {
    return this.#run('return els.some(e.isShown);');
  }
  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const test = {
      visible: 'return els.some(e.isShown);',
      hidden: 'return !els.some(e.isShown);',
      attached: 'return els.length > 0;',
      detached: 'return els.length === 0;',
    }[state];
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await this.#run(test).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${this} to be ${state}`);
      await sleep(100);
    }
  }
  // Runs `action` on the first match (shown, or only attached), as the driver's own element
  // handle, once there is one; again on the new element if the page replaced it meanwhile.
  // As in Playwright, an action's locator must name one element (`.first()` picks one of many).
  async #on(action, { shown = true, timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    const pick = `const all = ${shown ? 'els.filter(e.isShown)' : 'els'};
      if (all.length > 1) return 'strict: ' + all.length + ' elements: ' + all.slice(0, 3).map((el) => el.outerHTML.slice(0, 120)).join(' | ');
      return all[0] ?? null;`;
    for (;;) {
      await this.waitFor({ state: shown ? 'visible' : 'attached', timeout: Math.max(deadline - Date.now(), 1) });
      // The finder is there (waitFor just used it); a new document meanwhile gives null: again.
      const handle = await this.page.driver.handle(`(window.__e2e ? ${findExpr(this.chain, pick)} : null)`);
      const said = typeof handle === 'string' ? handle : handle ? await this.page.driver.evalOn(handle, (v) => (typeof v === 'string' ? v : null)).catch(() => null) : null;
      if (said) throw new Error(`${this} is not one element (${said})`);
      try {
        if (handle) return await action(handle);
      } catch (error) {
        if (!STALE.test(String(error?.message ?? error)) || Date.now() > deadline) throw error;
      }
      await sleep(100);
    }
  }
  #evalOn(fn, arg, options) {
    return this.#on((handle) => this.page.driver.evalOn(handle, fn, arg), options);
  }
  // Scrolled into view first, then found again: a listing draws only the rows in view, and may
  // give a row's element to another row as it scrolls (the click would land on another file).
  async click({ timeout } = {}) {
    await this.#on((handle) => this.page.driver.evalOn(handle, (el) => new Promise((settled) => {
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      requestAnimationFrame(() => requestAnimationFrame(() => settled(true)));
    })), { timeout });
    await this.#on((handle) => this.page.driver.click(handle), { timeout });
  }
  focus() {
    return this.#evalOn((el) => el.focus());
  }
  fill(value) {
    return this.#evalOn((el, value) => {
      el.focus();
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }
  // Types `text` key by key into the element.
  pressSequentially(text) {
    return this.#on((handle) => this.page.driver.type(handle, text));
  }
  selectOption(value) {
    return this.#evalOn((el, want) => {
      const option = [...el.options].find((o) => (typeof want === 'string' ? o.value === want || o.label === want : o.label === want.label));
      if (!option) throw new Error(`no option ${JSON.stringify(want)}`);
      el.value = option.value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }
  async #setChecked(checked) {
    const deadline = Date.now() + DEFAULT_TIMEOUT;
    while ((await this.#evalOn((el) => el.checked)) !== checked) {
      if (Date.now() > deadline) throw new Error(`${this} stays ${checked ? 'unchecked' : 'checked'}`);
      await this.click();
      for (let i = 0; i < 20 && (await this.#evalOn((el) => el.checked)) !== checked; i++) await sleep(100);
    }
  }
  check() {
    return this.#setChecked(true);
  }
  uncheck() {
    return this.#setChecked(false);
  }
  inputValue() {
    return this.#evalOn((el) => el.value, undefined, { shown: false });
  }
  innerText() {
    return this.#evalOn((el) => el.innerText, undefined, { shown: false });
  }
  textContent() {
    return this.#evalOn((el) => el.textContent, undefined, { shown: false });
  }
  getAttribute(name) {
    return this.#evalOn((el, name) => el.getAttribute(name), name, { shown: false });
  }
  boundingBox() {
    return this.#evalOn((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }
  evaluate(fn, arg) {
    return this.#evalOn(fn, arg, { shown: false });
  }
  evaluateAll(fn, arg) {
    return this.#run(`return (${fn})(els, ${arg === undefined ? 'undefined' : JSON.stringify(arg)});`);
  }
  allInnerTexts() {
    return this.#run('return els.map((el) => el.innerText);');
  }
}

// Ends every browser this process started.
export async function closeBrowsers() {
  for (const firefox of firefoxes.values()) await firefox.close().catch(() => {});
  firefoxes.clear();
  for (const webkit of webkits.values()) webkit.stop();
  webkits.clear();
}

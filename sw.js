// bucket-portal's service worker: hands bytes the page writes (a ZIP, or one file) to the browser's
// download manager as one streamed response, pulling chunk by chunk so memory stays constant.
'use strict';

// Streams the page announced and the download manager has not fetched yet, by id.
const waiting = new Map();
// Every stream not yet ended (fetched or not), by id, with its port: the page ends one whose
// writer it stopped (Forget ends the page's worker at once, which can no longer say 'abort').
const open = new Map();
const PREFIX = new URL('./download-stream/', self.registration.scope).pathname;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page sends { id, disposition, size } and a MessagePort, then may send CREDIT chunks
// (byte arrays) at once; each 'pull' the worker posts (when the stream has room again) allows one
// more. 'end' or 'abort' finishes (or the page's own { abort: id }, for a writer it ended). So at
// most 2 × CREDIT chunks wait here, and the messages flow without waiting for a round trip each.
const CREDIT = 4;
// How long each message from a page with a download streaming here holds this worker (ms). A
// browser may stop a worker that has no event pending, whatever a streamed response is still doing
// (Chromium when idle for 30 s; WebKit, under memory pressure, one with no event for 10 s: its
// SWServer::terminateIdleServiceWorkers); the page pings every 10 s, and a page in a background tab
// may be let to ping only once a minute. Each hold is its own event, well under the 5 minutes
// Chromium lets one run. The price: a new sw.js waits to take over until no tab has pinged for 70 s
// (taking over mid-stream would end the old worker and cut the download).
const HOLD_MS = 70_000;
self.addEventListener('message', (event) => {
  event.waitUntil(new Promise((resolve) => setTimeout(resolve, HOLD_MS)));
  if (event.data === 'ping') return;
  if (typeof event.data?.abort === 'string') {
    stop(event.data.abort);
    return;
  }
  const { id, disposition, size } = event.data || {};
  const port = event.ports[0];
  if (typeof id !== 'string' || typeof disposition !== 'string' || !port) return;
  let controller;
  port.onmessage = ({ data }) => {
    // A writer's late word for a stream already ended is nothing to act on.
    if (!open.has(id)) return;
    if (data === 'end') {
      open.delete(id);
      controller.close();
    } else if (data === 'abort') stop(id, false);
    else controller.enqueue(data instanceof Uint8Array ? data : new Uint8Array(data));
  };
  const stream = new ReadableStream(
    {
      start(c) {
        controller = c;
        open.set(id, { controller: c, port });
      },
      // Called while the queue is below its mark: after each chunk that arrives, and after the
      // download manager takes one.
      pull() {
        port.postMessage('pull');
      },
      cancel() {
        open.delete(id);
        port.postMessage('cancel');
      },
    },
    { highWaterMark: CREDIT },
  );
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': disposition,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (Number.isSafeInteger(size)) headers['Content-Length'] = String(size);
  waiting.set(id, { stream, headers, port });
  // Announced but never fetched (the frame did not load): forget it after a minute.
  setTimeout(() => waiting.has(id) && stop(id), 60_000);
  port.postMessage({ ready: CREDIT });
});

// Ends a stream as failed (the download manager says so; one not yet fetched never will be) and,
// unless the writer said it, tells the writer (if it still listens) to send nothing more.
function stop(id, tell = true) {
  waiting.delete(id);
  const stream = open.get(id);
  if (!stream) return;
  open.delete(id);
  stream.controller.error(new Error('The download was stopped.'));
  if (tell) stream.port.postMessage('cancel');
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(PREFIX)) return;
  const id = url.pathname.slice(PREFIX.length);
  const entry = waiting.get(id);
  if (!entry) {
    event.respondWith(new Response('This download has ended. Start it again from the page.', { status: 404 }));
    return;
  }
  waiting.delete(id);
  // Told to the writer: the download manager took the download (a browser that does not hand
  // this frame's request to the worker never says it, and the page then takes another way).
  entry.port.postMessage({ fetched: true });
  event.respondWith(new Response(delivered(entry.stream, entry.port), { headers: entry.headers }));
});

// The same bytes, read only as the download manager reads them: when it has read the last one,
// the writer hears 'delivered' (until then a download is not done: the browser may still drop it).
function delivered(stream, port) {
  const reader = stream.getReader();
  let cancelled = false;
  return new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await reader.read();
        if (cancelled) return;
        if (!done) controller.enqueue(value);
        else {
          controller.close();
          port.postMessage('delivered');
        }
      },
      cancel(reason) {
        cancelled = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

// PromoSite's service worker: it answers only for what a reader saved for offline reading.
//
// What is saved lives in Cache Storage, one cache per issue ("reader-issue:" + the issue's path,
// filled by /offline.js when the reader presses "Save for offline reading") plus, per language,
// the "saved issues" page that doubles as the offline page ("reader-shell:" + locale). Nothing is
// cached at install and nothing else is ever put in a cache.
//
// A saved address is fetched from the network first, so a reader online sees the current text and
// the saved copy is refreshed; the saved copy is used when the network fails (offline) or is too
// slow. A page that was not saved goes to the network as if this worker were not there; offline,
// a page navigation gets the saved-issues page with an "offline" notice, or the browser's own error
// when the reader has saved nothing in any language.
'use strict';

const ISSUE_PREFIX = 'reader-issue:';
const SHELL_PREFIX = 'reader-shell:';
const NETWORK_TIMEOUT_MS = 8000;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) {
    return;
  }

  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/admin')) {
    return;
  }

  event.respondWith(respond(event, request, url));
});

async function respond(event, request, url) {
  const holders = [];
  let saved;
  for (const name of await caches.keys()) {
    if (!name.startsWith(ISSUE_PREFIX) && !name.startsWith(SHELL_PREFIX)) {
      continue;
    }

    const cache = await caches.open(name);
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) {
      holders.push(cache);
      saved = saved || hit;
    }
  }

  if (!saved) {
    if (request.mode !== 'navigate') {
      return fetch(request);
    }

    try {
      return await fetch(request);
    } catch (error) {
      return (await offlinePage(url)) || Response.error();
    }
  }

  const network = fetch(request).then(response => {
    if (response.ok && response.type === 'basic') {
      // Refresh every saved copy of this address (an image may be in two saved issues).
      event.waitUntil(storable(response.clone()).then(copy => Promise.all(holders.map(cache => cache.put(url.href, copy.clone())))));
      return response;
    }

    // A server error keeps the saved copy; a real answer (moved, unpublished, gone) is the truth.
    return response.status >= 500 ? saved : response;
  });
  const timeout = new Promise(resolve => setTimeout(() => resolve(saved), NETWORK_TIMEOUT_MS));
  try {
    return await Promise.race([network, timeout]);
  } catch (error) {
    return saved;
  }
}

// A copy without the "redirected" mark, which a browser refuses for a page navigation.
async function storable(response) {
  const body = await response.blob();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function offlinePage(url) {
  const shells = (await caches.keys()).filter(name => name.startsWith(SHELL_PREFIX));
  const locale = url.pathname.split('/')[1];
  const name = shells.find(n => n === SHELL_PREFIX + locale) || shells[0];
  if (!name) {
    return null;
  }

  const cache = await caches.open(name);
  return cache.match('/' + name.slice(SHELL_PREFIX.length) + '/publications/saved', { ignoreVary: true });
}

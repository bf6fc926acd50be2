// The screens' service worker (scope /signage/): a screen keeps playing through network loss.
//
// The page and its playlist are asked of the network first (a change must show within a poll) and
// answered from Cache Storage when the network fails or is slow; everything else a screen shows
// (style, script, pictures, QR codes: immutable or long-lived files) is answered from the cache
// when it is there. /signage.js fills the cache ("signage:" + the screen's code) and prunes it.
'use strict';

const PREFIX = 'signage:';
const NETWORK_TIMEOUT_MS = 10000;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }

  const fresh = request.mode === 'navigate' || url.pathname.endsWith('/playlist.json');
  event.respondWith(fresh ? networkFirst(request, url) : cacheFirst(request));
});

async function kept(request) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX)) {
      const hit = await (await caches.open(name)).match(request, { ignoreVary: true, ignoreSearch: false });
      if (hit) {
        return hit;
      }
    }
  }

  return undefined;
}

async function networkFirst(request, url) {
  const network = fetch(request);
  const timeout = new Promise(resolve => setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response && response.status < 500) {
      return response;
    }
  } catch (error) {
    // offline: the saved copy below
  }

  const saved = await kept(url.pathname);
  if (saved) {
    // Said so, for the page to know it plays from its copy.
    const headers = new Headers(saved.headers);
    headers.set('X-Signage-Offline', '1');
    return new Response(await saved.blob(), { status: 200, headers });
  }

  return network.catch(() => Response.error());
}

async function cacheFirst(request) {
  return (await kept(request)) || fetch(request);
}

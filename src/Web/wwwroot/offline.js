// Saving publication issues for offline reading. Progressive enhancement: without service workers
// and Cache Storage this script does nothing and the pages stay exactly as the server sent them
// (the "save" controls are hidden in the HTML until this script shows them).
//
// On an issue page ([data-offline-issue]) it saves exactly that issue: its page, its article
// pages, and the style sheets, scripts and images those pages use, into a cache of its own, then
// registers /sw.js, which answers from that cache when the network is gone. On the saved-issues
// page ([data-saved-list]) it lists what this device holds, with a way to remove each issue.
(() => {
  'use strict';

  if (!('serviceWorker' in navigator) || !('caches' in window)) {
    return;
  }

  const ISSUE_PREFIX = 'reader-issue:';
  const SHELL_PREFIX = 'reader-shell:';
  const META = '/__reader/meta'; // a key inside each issue's cache, never a real address

  const format = (text, ...values) => text.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));
  const savedPagePath = locale => '/' + locale + '/publications/saved';

  async function registerWorker() {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready; // active: the next page load offline is answered from the cache
  }

  // The bytes of one address, as a response fit to be stored (no "redirected" mark).
  async function download(path) {
    const response = await fetch(path, { cache: 'no-cache', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }

    const body = await response.blob();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  // Same-site style sheets, scripts, icons and images a page needs to look right offline.
  function assetsOf(html, pagePath) {
    const page = new URL(pagePath, location.href);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const found = [];
    const add = value => {
      if (!value) {
        return;
      }

      const url = new URL(value.trim(), page);
      if (url.origin === location.origin) {
        found.push(url.pathname + url.search);
      }
    };
    doc.querySelectorAll('link[rel~="stylesheet"][href], link[rel~="icon"][href]').forEach(el => add(el.getAttribute('href')));
    doc.querySelectorAll('script[src]').forEach(el => add(el.getAttribute('src')));
    doc.querySelectorAll('img[src]').forEach(el => add(el.getAttribute('src')));
    doc.querySelectorAll('img[srcset], source[srcset]').forEach(el =>
      el.getAttribute('srcset').split(',').forEach(candidate => add(candidate.trim().split(/\s+/)[0])));
    return found;
  }

  // Pages first (they name the assets), then every asset once; progress after each download.
  async function fill(cache, pages, progress) {
    const assets = [];
    let done = 0;
    const total = () => pages.length + assets.length;
    progress(done, total());
    for (const page of pages) {
      const response = await download(page);
      const html = await response.clone().text();
      await cache.put(page, response);
      for (const asset of assetsOf(html, page)) {
        if (!assets.includes(asset) && !pages.includes(asset)) {
          assets.push(asset);
        }
      }

      progress(++done, total());
    }

    for (const asset of assets) {
      await cache.put(asset, await download(asset));
      progress(++done, total());
    }

    return done;
  }

  async function savedIssues() {
    const issues = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith(ISSUE_PREFIX)) {
        continue;
      }

      const meta = await (await caches.open(name)).match(META);
      if (meta) { // no meta: a save still going on (or one that broke off, deleted by its page)
        issues.push({ name, ...(await meta.json()) });
      }
    }

    return issues.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async function remove(name) {
    await caches.delete(name);
    if ((await savedIssues()).length === 0) {
      // Nothing saved any more: the offline page goes too, so nothing is kept that the reader did not ask for.
      for (const shell of (await caches.keys()).filter(n => n.startsWith(SHELL_PREFIX))) {
        await caches.delete(shell);
      }
    }
  }

  function issuePage(box) {
    const issue = box.dataset.offlineIssue;
    const locale = box.dataset.locale;
    const pages = box.dataset.pages.split(' ').filter(Boolean);
    const name = ISSUE_PREFIX + issue;
    const save = box.querySelector('[data-action="save"]');
    const removeButton = box.querySelector('[data-action="remove"]');
    const status = box.querySelector('.offline-status');
    const show = (state, text) => {
      box.dataset.state = state;
      status.textContent = text;
      save.hidden = state === 'saved';
      save.disabled = state === 'saving';
      removeButton.hidden = state !== 'saved';
    };

    save.addEventListener('click', async () => {
      show('saving', format(box.dataset.textSaving, 0, pages.length));
      try {
        await registerWorker();
        await caches.delete(name);
        const cache = await caches.open(name);
        const count = await fill(cache, pages, (done, total) => show('saving', format(box.dataset.textSaving, done, total)));
        // The saved-issues page in this language is the offline page for anything not saved.
        await fill(await caches.open(SHELL_PREFIX + locale), [savedPagePath(locale)], () => {});
        await cache.put(META, new Response(JSON.stringify({
          title: box.dataset.title, url: issue, locale, lang: (document.querySelector('main h1')?.closest('[lang]') || document.documentElement).lang, count, savedAt: new Date().toISOString(),
        }), { headers: { 'Content-Type': 'application/json' } }));
        show('saved', box.dataset.textSaved);
      } catch (error) {
        await caches.delete(name);
        show('failed', box.dataset.textFailed);
      }
    });

    removeButton.addEventListener('click', async () => {
      await remove(name);
      show('removed', box.dataset.textRemoved);
    });

    box.hidden = false;
    // caches.has first: opening a cache would create an empty one for an issue nobody saved.
    caches.has(name).then(has => (has ? caches.open(name).then(cache => cache.match(META)) : null)).then(meta => {
      if (meta) {
        show('saved', box.dataset.textSaved);
        registerWorker().catch(() => {}); // in case the browser dropped it: offline reading needs it
      } else {
        show('idle', '');
      }
    });
  }

  async function savedList(section) {
    const list = section.querySelector('[data-part="list"]');
    const empty = section.querySelector('[data-part="empty"]');
    section.querySelector('[data-part="unsupported"]').hidden = true;
    // Shown by the service worker in place of a page that was not saved: say why.
    if (location.pathname !== savedPagePath(section.dataset.savedList)) {
      section.querySelector('[data-part="offline"]').hidden = false;
    }

    const render = async () => {
      const issues = await savedIssues();
      list.replaceChildren(...issues.map(issue => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = issue.url;
        link.textContent = issue.title;
        link.lang = issue.lang || issue.locale;
        const details = document.createElement('span');
        details.textContent = new Date(issue.savedAt).toLocaleDateString(document.documentElement.lang) + ' · ' + format(section.dataset.textFiles, issue.count);
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = section.dataset.textRemove;
        button.addEventListener('click', async () => {
          await remove(issue.name);
          await render();
        });
        item.append(link, ' ', details, ' ', button);
        return item;
      }));
      list.hidden = issues.length === 0;
      empty.hidden = issues.length > 0;
    };
    await render();
  }

  document.querySelectorAll('[data-offline-issue]').forEach(issuePage);
  document.querySelectorAll('[data-saved-list]').forEach(savedList);
})();

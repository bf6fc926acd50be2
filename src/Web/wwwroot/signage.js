// The screen page (/signage/{code}): plays the screen's playlist full screen, asks for a new one
// every pollSeconds (so changes show within a minute), says it is alive after each poll, and keeps
// the page, the playlist, its pictures and QR codes in Cache Storage, which /signage-sw.js answers
// from when the network is gone. Slides are built with textContent only (no HTML from the server)
// and rotated by toggling a class; the fade itself is CSS, which drops it for reduced motion.
'use strict';

(function () {
  const stage = document.getElementById('stage');
  if (!stage) {
    return;
  }

  const playlistUrl = stage.dataset.playlist;
  const heartbeatUrl = stage.dataset.heartbeat;
  const cacheName = 'signage:' + stage.dataset.code;
  let playlist = null;
  let index = -1;
  let rotation = 0;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }

    if (text) {
      node.textContent = text;
    }

    return node;
  }

  function build(slide) {
    const section = element('section', 'slide' + (slide.picture ? '' : ' no-picture'));
    section.lang = slide.lang;
    section.dataset.locale = slide.locale;
    if (slide.picture) {
      const figure = element('figure', 'picture');
      const img = element('img');
      img.src = slide.picture.src;
      img.alt = slide.picture.alt || '';
      if (slide.picture.width && slide.picture.height) {
        img.width = slide.picture.width;
        img.height = slide.picture.height;
      }

      img.decoding = 'async';
      figure.append(img);
      section.append(figure);
    }

    const text = element('div', 'text');
    text.append(element('p', 'kind', slide.kind), element('h1', 'title', slide.title));
    if (slide.summary) {
      text.append(element('p', 'summary', slide.summary));
    }

    if (slide.facts && slide.facts.length) {
      const facts = element('dl', 'facts');
      for (const fact of slide.facts) {
        const row = element('div');
        row.append(element('dt', null, fact.label), element('dd', null, fact.value));
        facts.append(row);
      }

      text.append(facts);
    }

    const qr = element('aside', 'qr');
    const code = element('img');
    code.src = slide.qr;
    code.alt = '';
    code.width = 240;
    code.height = 240;
    qr.append(code, element('p', 'scan', slide.scan), element('p', 'link', slide.link.replace(/^https?:\/\//, '')));
    text.append(qr);
    section.append(text);
    return section;
  }

  function advance() {
    const slides = stage.querySelectorAll('.slide');
    if (slides.length === 0) {
      return;
    }

    const previous = slides[index];
    index = (index + 1) % slides.length;
    slides[index].classList.add('current');
    if (previous && previous !== slides[index]) {
      previous.classList.remove('current');
    }

    stage.dataset.index = String(index);
    stage.dataset.shown = String(Number(stage.dataset.shown || '0') + 1);
  }

  function play(next) {
    const slides = next.slides.map(build);
    if (slides.length === 0) {
      return; // nothing published to show: the brand slide stays
    }

    clearInterval(rotation);
    stage.replaceChildren(...slides);
    stage.className = next.orientation;
    stage.dataset.version = next.version;
    stage.dataset.count = String(slides.length);
    stage.dataset.state = 'playing';
    index = -1;
    advance();
    rotation = setInterval(advance, Math.max(next.slideSeconds, 1) * 1000);
  }

  // Everything the screen needs offline, in its own cache; what the playlist no longer names goes.
  async function keep(next) {
    if (!('caches' in window)) {
      return;
    }

    try {
      const cache = await caches.open(cacheName);
      await cache.put(playlistUrl, new Response(JSON.stringify(next), { headers: { 'Content-Type': 'application/json; charset=utf-8', 'ETag': '"' + next.version + '"' } }));
      const wanted = new Set([location.pathname, playlistUrl]);
      document.querySelectorAll('link[rel=stylesheet][href], script[src], link[rel=icon][href]').forEach(node => wanted.add(new URL(node.href || node.src, location.href).pathname));
      for (const slide of next.slides) {
        wanted.add(slide.qr);
        if (slide.picture) {
          wanted.add(slide.picture.src);
        }
      }

      for (const url of wanted) {
        if (url !== playlistUrl && !(await cache.match(url))) {
          await cache.add(url).catch(() => undefined);
        }
      }

      for (const request of await cache.keys()) {
        if (!wanted.has(new URL(request.url).pathname)) {
          await cache.delete(request);
        }
      }

      stage.dataset.kept = next.version;
    } catch (error) {
      // A full disk or a private window: the screen plays on, just not offline.
    }
  }

  function beat() {
    if (!playlist) {
      return;
    }

    fetch(heartbeatUrl, { method: 'POST', body: playlist.version, headers: { 'Content-Type': 'text/plain' }, keepalive: true, credentials: 'omit' }).catch(() => undefined);
  }

  async function poll() {
    try {
      const response = await fetch(playlistUrl, { cache: 'no-cache', credentials: 'omit' });
      if (response.ok) {
        const next = await response.json();
        if (!playlist || next.version !== playlist.version) {
          playlist = next;
          play(next);
          keep(next);
        }
      }

      stage.dataset.network = response.headers.get('X-Signage-Offline') ? 'offline' : 'online';
    } catch (error) {
      stage.dataset.network = 'offline'; // keep playing what there is
    }

    beat();
    setTimeout(poll, ((playlist && playlist.pollSeconds) || 60) * 1000);
  }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(stage.dataset.worker, { scope: '/signage/' }).catch(() => undefined);
  }

  poll();
})();

// Draws a Leaflet map above each [data-map] list of places. Without this script, Leaflet or the
// tiles, the list stays what it is: every place with "open in a map app" links. The popups reuse
// the list's own links, so they are in the page's language and lead to the item.
(function () {
  'use strict';
  if (typeof L === 'undefined') { return; }
  document.querySelectorAll('[data-map]').forEach(function (section) {
    var canvas = section.querySelector('.map-canvas');
    var items = section.querySelectorAll('li[data-lat][data-lon]');
    if (!canvas || items.length === 0) { return; }
    canvas.hidden = false;
    var map = L.map(canvas, { scrollWheelZoom: false });
    var tiles = section.getAttribute('data-tiles');
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: Number(section.getAttribute('data-max-zoom')) || 19,
        attribution: section.getAttribute('data-attribution') || ''
      }).addTo(map);
    }
    var bounds = [];
    items.forEach(function (item) {
      var position = [Number(item.getAttribute('data-lat')), Number(item.getAttribute('data-lon'))];
      var link = item.querySelector('a.place-title');
      // Markers are for pointing and tapping; close places overlap, too small to be keyboard and
      // assistive-technology targets (WCAG 2.5.8). The list below the map is their accessible form:
      // the same places, the same links, in reading order.
      var marker = L.marker(position, { title: link ? link.textContent : '', alt: '', keyboard: false }).addTo(map);
      if (link) {
        var popup = document.createElement('a');
        popup.href = link.getAttribute('href');
        popup.textContent = link.textContent;
        if (link.lang) { popup.lang = link.lang; }
        marker.bindPopup(popup);
      }
      bounds.push(position);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 13);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
    }
  });
})();

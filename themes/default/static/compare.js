// Enhances the comparison table at /vergelijk/: sortable column headers
// (buttons, so they work by keyboard, with aria-sort) and choosing two to
// four regions to see only those, kept in the URL (?regios=a,b). Without
// this script the table is complete and sorted by region name. Its words
// come from the theme's translations, as data-t-* attributes on its tag.
(function () {
  'use strict';
  var cfg = document.currentScript ? document.currentScript.dataset : {};
  function t(key, vars) {
    var s = cfg['t' + key.charAt(0).toUpperCase() + key.slice(1)] || '';
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars && k in vars ? vars[k] : ''; });
  }
  var box = document.querySelector('[data-compare]');
  if (!box) return;
  var table = box.querySelector('table');
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var caption = table.querySelector('caption');
  var status = box.querySelector('.compare-status');
  var MIN = 2, MAX = 4;

  function key(cell, type) {
    var v = cell.getAttribute('data-sort');
    if (v === null || v === '') return null;
    // A share ("s5": 5% of the homes that come free) is another kind of
    // figure than a number: shares sort among themselves, after numbers.
    if (type === 'number') return v.charAt(0) === 's' ? [1, parseFloat(v.slice(1))] : [0, parseFloat(v)];
    return v;
  }

  function sortBy(index, dir) {
    var type = heads[index].getAttribute('data-type');
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a.cells[index], type), y = key(b.cells[index], type);
      // Unknown values always last, whichever way the column is sorted.
      if (x === null && y === null) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      if (type === 'number' && x[0] !== y[0]) return x[0] - y[0];
      var c = type === 'number' ? x[1] - y[1] : (x < y ? -1 : x > y ? 1 : 0);
      return dir === 'ascending' ? c : -c;
    });
    sorted.forEach(function (r) { tbody.appendChild(r); });
    heads.forEach(function (h, i) {
      if (i === index) h.setAttribute('aria-sort', dir); else h.removeAttribute('aria-sort');
    });
    var label = heads[index].textContent.trim();
    caption.textContent = caption.getAttribute('data-base') + t('sorted', { column: label.toLowerCase() }) +
      t(dir === 'ascending' ? 'ascending' : 'descending');
  }

  // The region column sorts by its position in the built table (by name).
  heads.forEach(function (h, i) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    while (h.firstChild) button.appendChild(h.firstChild);
    h.appendChild(button);
    button.addEventListener('click', function () {
      var now = h.getAttribute('aria-sort');
      sortBy(i, now === 'ascending' ? 'descending' : 'ascending');
      button.focus();
    });
  });
  rows.forEach(function (r, i) { r.cells[0].setAttribute('data-sort', String(100000 + i)); });
  heads[0].setAttribute('data-type', 'number');

  // Choosing regions.
  var boxes = {};
  rows.forEach(function (r) {
    var slug = r.getAttribute('data-slug');
    var name = r.cells[0].textContent.trim();
    var cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.id = 'kies-' + slug;
    cb.value = slug;
    var label = document.createElement('label');
    label.htmlFor = cb.id;
    label.className = 'visually-hidden';
    label.textContent = t('choose', { name: name });
    r.cells[0].insertBefore(label, r.cells[0].firstChild);
    r.cells[0].insertBefore(cb, r.cells[0].firstChild);
    boxes[slug] = cb;
  });

  function chosen() {
    return Object.keys(boxes).filter(function (s) { return boxes[s].checked; });
  }

  var scroll = box.querySelector('.compare-scroll');
  var side = null;

  // Two to four chosen regions side by side: a column per region and a
  // row per fact, so they fit a phone without scrolling sideways.
  function sideBySide(slugs) {
    if (side) { side.parentNode.removeChild(side); side = null; }
    scroll.hidden = slugs.length > 0;
    if (!slugs.length) return;
    var picked = slugs.map(function (s) {
      return rows.filter(function (r) { return r.getAttribute('data-slug') === s; })[0];
    });
    var tableEl = document.createElement('table');
    tableEl.className = 'compare-side';
    var cap = tableEl.createCaption();
    cap.textContent = t('chosen', { n: slugs.length });
    var head = tableEl.createTHead().insertRow();
    var corner = document.createElement('th');
    corner.scope = 'col';
    corner.textContent = t('fact');
    head.appendChild(corner);
    picked.forEach(function (r) {
      var th = document.createElement('th');
      th.scope = 'col';
      var a = r.cells[0].querySelector('a');
      th.appendChild(a.cloneNode(true));
      head.appendChild(th);
    });
    var body = tableEl.createTBody();
    heads.forEach(function (h, i) {
      if (i === 0) return;
      var tr = body.insertRow();
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = h.textContent.trim();
      tr.appendChild(th);
      picked.forEach(function (r) {
        var td = tr.insertCell();
        Array.prototype.forEach.call(r.cells[i].childNodes, function (n) { td.appendChild(n.cloneNode(true)); });
      });
    });
    side = tableEl;
    scroll.parentNode.insertBefore(side, scroll);
  }

  function show(slugs, updateUrl) {
    var set = {};
    slugs.forEach(function (s) { set[s] = true; });
    rows.forEach(function (r) { r.hidden = slugs.length > 0 && !set[r.getAttribute('data-slug')]; });
    sideBySide(slugs);
    Object.keys(boxes).forEach(function (s) { boxes[s].checked = !!set[s]; });
    if (updateUrl && window.history && history.replaceState) {
      var url = new URL(window.location.href);
      if (slugs.length) url.searchParams.set('regios', slugs.join(',')); else url.searchParams.delete('regios');
      history.replaceState(null, '', url.toString());
    }
    status.textContent = slugs.length ? t('shown', { n: slugs.length }) : t('all');
  }

  box.querySelector('[data-show]').addEventListener('click', function () {
    var c = chosen();
    if (c.length < MIN || c.length > MAX) {
      status.textContent = t('range', { n: c.length });
      return;
    }
    show(c, true);
  });
  box.querySelector('[data-reset]').addEventListener('click', function () { show([], true); });

  box.querySelector('.compare-help').hidden = false;
  box.querySelector('.compare-pick').hidden = false;

  var fromUrl = (new URL(window.location.href).searchParams.get('regios') || '')
    .split(',').filter(function (s) { return boxes.hasOwnProperty(s); });
  if (fromUrl.length) show(fromUrl.slice(0, MAX), false);
})();

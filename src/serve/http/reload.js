// Live reload for `draaiboek serve`; never part of a build.
(function () {
  var me = document.currentScript;
  var gen = Number(me.getAttribute('data-generation'));
  var built = me.getAttribute('data-error') === 'links';
  function overlay(text) {
    var old = document.getElementById('draaiboek-fout');
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement('div');
    box.id = 'draaiboek-fout';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(255,255,255,.97);color:#1b1b1b;padding:1.5rem;font:15px/1.5 system-ui,sans-serif';
    var h = document.createElement('h2');
    h.textContent = built ? 'De site is gebouwd, maar niet elke link klopt' : 'De site kon niet opnieuw gebouwd worden';
    h.style.color = '#a4000f';
    var p = document.createElement('p');
    p.textContent = built
      ? 'Je ziet de nieuwe versie onder deze melding. Verbeter wat hieronder staat: zolang dat er staat, publiceert draaiboek build de site niet.'
      : 'Hieronder wat er mis is. De vorige versie blijft zichtbaar zodra je het verbetert en opslaat.';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Melding sluiten';
    close.style.cssText = 'float:right;font:inherit;padding:.3rem .8rem';
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    var pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.cssText = 'white-space:pre-wrap;font:14px/1.4 ui-monospace,monospace;background:#f1f4f8;padding:1rem;border-left:4px solid #a4000f';
    box.appendChild(h); box.appendChild(p); box.appendChild(pre);
    document.body.appendChild(box);
  }
  function showError() {
    fetch('/__draaiboek/fout').then(function (r) { return r.text(); }).then(overlay);
  }
  function poll() {
    fetch('/__draaiboek/poll?since=' + gen).then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return r.json();
    }).then(function (m) {
      if (m.generation !== gen) {
        gen = m.generation;
        if (m.kind === 'error') { showError(); }
        else if (m.kind === 'css') {
          overlay('');
          document.querySelectorAll('link[rel=stylesheet]').forEach(function (l) {
            var u = new URL(l.href); u.searchParams.set('v', gen); l.href = u.toString();
          });
        } else { location.reload(); return; }
      }
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  var state = me.getAttribute('data-error');
  if (state === 'ja' || state === 'links') showError();
  poll();
})();

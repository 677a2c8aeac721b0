// The live page's script, sent inline (no file to serve, nothing to fetch). It keeps the user's
// state (view, register filters, zoom, selection, presentation mode) across updates: an update
// replaces the fragments' HTML and re-applies that state, it never reloads the page. The state is
// also kept in sessionStorage, so a manual reload returns to the same picture.
//
// Model text only arrives inside server-rendered, escaped HTML and the Graphviz SVG; the script
// compares data-* attribute values and sets textContent, so no model text is ever run as code.
export const CLIENT_SCRIPT = String.raw`
(function(){
  'use strict';
  var $ = function(id){ return document.getElementById(id); };
  var st = { view: '', shownView: null, history: [], filters: {}, zoom: { s: 1, x: 0, y: 0 }, version: 0, nodes: {}, selected: '', present: false, showAll: false };
  var busy = false, again = false, suppressClick = false;
  try {
    var saved = JSON.parse(sessionStorage.getItem('warden-serve') || 'null');
    if (saved) { st.view = saved.view || ''; st.filters = saved.filters || {}; st.zoom = saved.zoom || st.zoom; st.selected = saved.selected || ''; st.present = !!saved.present; st.history = saved.history || []; st.showAll = !!saved.showAll; }
  } catch (e) {}
  function save(){
    try { sessionStorage.setItem('warden-serve', JSON.stringify({ view: st.view, filters: st.filters, zoom: st.zoom, selected: st.selected, present: st.present, showAll: st.showAll, history: st.history.slice(-20) })); } catch (e) {}
  }
  function setStatus(text, cls){ var s = $('status'); s.textContent = text; s.className = 'pill ' + (cls || ''); }
  // The diagram and the report's sections are fetched in parallel and patched as each arrives.
  function load(){
    if (busy) { again = true; return; }
    busy = true;
    var view = fetch('/state?view=' + encodeURIComponent(st.view), { cache: 'no-store' }).then(function(r){ return r.json(); }).then(patch);
    // The sections wait for the next frame: the new diagram is painted before the (large) register is laid out.
    var sections = fetch('/sections', { cache: 'no-store' }).then(function(r){ return r.json(); }).then(function(s){
      return view.then(function(){ return new Promise(function(done){ requestAnimationFrame(function(){ setTimeout(function(){ patchSections(s); done(); }, 0); }); }); });
    });
    Promise.all([view, sections]).then(function(){
      busy = false; restoreFilters(); applyFilters(); showSelection();
      if (again) { again = false; load(); }
    }).catch(function(){ busy = false; setStatus('server unreachable', 'bad'); });
  }
  var shownHtml = {};
  function patchSections(s){
    ['summary', 'register', 'checklists'].forEach(function(k){
      if (shownHtml[k] === s[k]) return;
      shownHtml[k] = s[k];
      $(k + '-slot').innerHTML = s[k];
      if (k === 'register') wireFilters();
    });
  }
  function patch(s){
    var viewChanged = st.shownView !== null && s.view !== st.shownView;
    st.version = s.version; st.nodes = s.nodes || {}; st.view = s.view; st.shownView = s.view;
    $('version').textContent = String(s.version);
    document.body.setAttribute('data-version', String(s.version));
    var status = s.errors ? s.errors + (s.errors === 1 ? ' error' : ' errors') + (s.stale ? ' \u2014 showing the last valid model' : '') : s.warnings ? s.warnings + (s.warnings === 1 ? ' warning' : ' warnings') : 'valid';
    setStatus(status, s.errors ? 'bad' : 'good');
    $('diagnostics').innerHTML = s.diagnostics;
    $('view-note').innerHTML = s.viewNote;
    $('caption').textContent = s.caption;
    $('stage').innerHTML = s.svg;
    if (viewChanged) st.zoom = { s: 1, x: 0, y: 0 };
    applyZoom(); applyFilters(); markButtons(); save();
  }
  // Pan and zoom: a CSS transform on the stage, so replacing the SVG keeps the user's zoom.
  function applyZoom(){ $('stage').style.transform = 'translate(' + st.zoom.x + 'px,' + st.zoom.y + 'px) scale(' + st.zoom.s + ')'; }
  function zoomAt(factor, cx, cy){
    var s = Math.min(20, Math.max(0.2, st.zoom.s * factor)); factor = s / st.zoom.s;
    st.zoom.x = cx - (cx - st.zoom.x) * factor; st.zoom.y = cy - (cy - st.zoom.y) * factor; st.zoom.s = s;
    applyZoom(); save();
  }
  function zoomCentre(factor){ var v = $('viewport'); zoomAt(factor, v.clientWidth / 2, v.clientHeight / 2); }
  function fit(){ st.zoom = { s: 1, x: 0, y: 0 }; applyZoom(); save(); }
  var vp = $('viewport'), drag = null;
  vp.addEventListener('wheel', function(e){
    e.preventDefault();
    var r = vp.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  vp.addEventListener('pointerdown', function(e){ drag = { x: e.clientX, y: e.clientY, zx: st.zoom.x, zy: st.zoom.y, moved: false }; });
  window.addEventListener('pointermove', function(e){
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true; vp.classList.add('dragging');
    st.zoom.x = drag.zx + dx; st.zoom.y = drag.zy + dy; applyZoom();
  });
  window.addEventListener('pointerup', function(){
    if (drag && drag.moved) { suppressClick = true; setTimeout(function(){ suppressClick = false; }, 0); save(); }
    drag = null; vp.classList.remove('dragging');
  });
  // Clicks on the diagram: an element focuses its neighbourhood, a flow filters the register,
  // a boundary (frame or collapsed node) drills down into it.
  $('stage').addEventListener('click', function(e){
    if (suppressClick) return;
    var g = e.target.closest ? e.target.closest('g.node, g.edge, g.cluster') : null;
    var ref = g ? st.nodes[g.id] : null;
    // A frame drills down from its title only: a click on its background is usually a missed pan.
    if (!ref || (ref.kind === 'boundary' && e.target.tagName !== 'text')) return;
    if (ref.kind === 'element') { select(ref.id); go('focus:' + ref.id + ':1'); }
    else if (ref.kind === 'flow') { select(ref.id); applyFilters(); showSelection(); save(); }
    else { select(''); go('overview:' + ref.id); }
  });
  function select(id){ st.selected = id; st.filters.element = id; }
  function go(view){ if (view !== st.view) st.history.push(st.view); st.view = view; load(); }
  function markButtons(){
    [].forEach.call(document.querySelectorAll('header button[data-view]'), function(b){ b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === st.view)); });
    $('present').setAttribute('aria-pressed', String(st.present));
    document.body.classList.toggle('present', st.present);
  }
  [].forEach.call(document.querySelectorAll('header button[data-view]'), function(b){
    b.addEventListener('click', function(){ select(''); go(b.getAttribute('data-view')); });
  });
  function back(){ if (st.history.length) { st.view = st.history.pop(); select(''); load(); } }
  $('back').addEventListener('click', back);
  $('zoom-in').addEventListener('click', function(){ zoomCentre(1.25); });
  $('zoom-out').addEventListener('click', function(){ zoomCentre(0.8); });
  $('zoom-fit').addEventListener('click', fit);
  $('present').addEventListener('click', function(){ st.present = !st.present; markButtons(); save(); });
  document.addEventListener('keydown', function(e){
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'p') { st.present = !st.present; markButtons(); save(); }
    else if (e.key === '+' || e.key === '=') zoomCentre(1.25);
    else if (e.key === '-') zoomCentre(0.8);
    else if (e.key === '0') fit();
    else if (e.key === 'Escape') back();
  });
  // The register's filters come with each update; the user's choices are put back on the new ones.
  function selects(){ return [].slice.call(document.querySelectorAll('#register .filters select')); }
  function restoreFilters(){
    selects().forEach(function(s){
      var want = st.filters[s.name] || '';
      var has = [].some.call(s.options, function(o){ return o.value === want; });
      s.value = has ? want : '';
    });
  }
  function wireFilters(){
    var table = $('threats');
    if (table) {
      var more = document.createElement('button');
      more.type = 'button'; more.id = 'f-more'; more.hidden = true;
      more.addEventListener('click', function(){ st.showAll = true; applyFilters(); save(); });
      table.parentNode.insertBefore(more, table.nextSibling);
    }
    selects().forEach(function(s){
      s.addEventListener('change', function(){ st.filters[s.name] = s.value; if (s.name === 'element') st.selected = s.value; applyFilters(); showSelection(); save(); });
    });
    var reset = $('f-reset');
    if (reset) reset.addEventListener('click', function(){ st.filters = {}; st.selected = ''; selects().forEach(function(s){ s.value = ''; }); applyFilters(); showSelection(); save(); });
  }
  // At most ROWS matching rows are laid out until "Show all": a register of hundreds of rows costs
  // seconds of layout on a slow machine, and the diagram must not wait for it.
  var ROWS = 100;
  function applyFilters(){
    var sel = selects(), n = 0, limit = st.showAll ? Infinity : ROWS;
    [].forEach.call(document.querySelectorAll('#threats tbody tr'), function(r){
      var ok = sel.every(function(s){ return s.value === '' || r.getAttribute('data-' + s.name) === s.value; });
      r.classList.toggle('hidden', !ok || n >= limit); if (ok) n++;
    });
    var shown = $('shown'); if (shown) shown.textContent = String(n);
    var more = $('f-more');
    if (more) { more.hidden = n <= limit; more.textContent = 'Show all ' + n + ' matching threats (' + ROWS + ' shown)'; }
    [].forEach.call(document.querySelectorAll('#stage g.node, #stage g.edge'), function(g){
      var ref = st.nodes[g.id]; g.classList.toggle('selected', !!ref && st.selected !== '' && ref.id === st.selected);
    });
  }
  // The selection panel lists the selected element's or flow's threats (from the register rows).
  var help = '';
  function showSelection(){
    var box = $('focus-list'), title = $('focus-title');
    if (!st.selected) {
      if (!help) help = box.innerHTML;
      title.textContent = 'Selection'; box.innerHTML = help; return;
    }
    if (!help) help = box.innerHTML;
    title.textContent = st.selected;
    var rows = [].filter.call(document.querySelectorAll('#threats tbody tr'), function(r){ return r.getAttribute('data-element') === st.selected; });
    box.textContent = '';
    var p = document.createElement('p'); p.className = 'muted';
    p.textContent = rows.length + (rows.length === 1 ? ' threat' : ' threats'); box.appendChild(p);
    var ul = document.createElement('ul');
    rows.forEach(function(r){
      var li = document.createElement('li');
      var sev = document.createElement('span'); sev.className = 'sev sev-' + r.getAttribute('data-severity'); sev.textContent = r.getAttribute('data-severity');
      var status = document.createElement('b'); status.className = 'st-' + r.getAttribute('data-status'); status.textContent = ' ' + r.getAttribute('data-status') + ' ';
      var summary = r.querySelector('.expand');
      li.appendChild(sev); li.appendChild(status); li.appendChild(document.createTextNode((summary ? summary.textContent : '') + ' (' + r.cells[0].textContent + ')'));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  // A threat's title opens its statement, evidence and references.
  $('register-slot').addEventListener('click', function(e){
    var b = e.target.closest ? e.target.closest('button.expand') : null;
    if (b && b.nextElementSibling) b.nextElementSibling.hidden = !b.nextElementSibling.hidden;
  });
  var es = new EventSource('/events');
  es.onmessage = function(e){ if (Number(e.data) !== st.version) load(); };
  es.onerror = function(){ setStatus('reconnecting\u2026', 'bad'); };
  es.onopen = function(){ if (st.version) load(); };
  markButtons();
  load();
})();
`;

/* kg graph page script.
 * Every string from the data block is article-derived and untrusted: it is written to the page
 * only through textContent / createTextNode / option.value, and vis-network receives tooltips as
 * plain strings (rendered with innerText). Never use innerHTML here.
 */
(function () {
  "use strict";

  var T = { start: performance.now() };
  window.kgTiming = T;
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var S = D.strings || [];
  var AGG = D.mode === "aggregate";
  var ENG_KINDS = D.engagementKinds || [];
  var ACTOR = new Set(D.actorKinds || []);
  var ENG_SET = new Set(ENG_KINDS);
  var KINDS = D.kinds || [];
  var KIND_LABEL = {};
  KINDS.forEach(function (k) { KIND_LABEL[k.kind] = k.label; });
  var ISSUES = D.issues || [];

  function str(i) { return i < 0 ? null : S[i]; }
  function $(id) { return document.getElementById(id); }
  function setText(el, text) { if (el) { el.textContent = text; } }
  function isEvent(kind) { return ENG_SET.has(kind) || kind === "MeetingRef"; }

  // ---------------------------------------------------------------- engagement records
  var ENG = (D.eng || []).map(function (r) {
    return { id: S[r[0]], kind: S[r[1]], date: str(r[2]), issues: r[3], parts: r[4].map(str) };
  });
  var engById = new Map();
  ENG.forEach(function (e) { engById.set(e.id, e); });

  // ---------------------------------------------------------------- datasets and views
  T.parsed = performance.now();
  var nodesDS = new vis.DataSet(D.nodes);
  var edgesDS = new vis.DataSet(D.edges);
  var labelOf = new Map();
  D.nodes.forEach(function (n) { labelOf.set(n.id, n.label); });

  var st = { hiddenKinds: new Set(), types: new Set(ENG_KINDS), from: "", to: "", issue: -1, undated: false };
  var visible = new Set();
  var filtered = ENG.slice();
  var pairCount = new Map(); // aggregate edge id -> {n, types, first, last}

  function filterActive() {
    return st.hiddenKinds.size > 0 || st.types.size !== ENG_KINDS.length || !!st.from || !!st.to || st.issue >= 0;
  }
  function lo(d) { return d.length === 4 ? d + "-01-01" : (d.length === 7 ? d + "-01" : d); }
  function hi(d) { return d.length === 4 ? d + "-12-31" : (d.length === 7 ? d + "-31" : d); }
  function datePasses(d) {
    if (!st.from && !st.to) { return true; }
    if (!d) { return st.undated; }
    if (st.from && hi(d) < st.from) { return false; }
    if (st.to && lo(d) > st.to) { return false; }
    return true;
  }
  function engPasses(e) {
    return st.types.has(e.kind) && !st.hiddenKinds.has(e.kind) && datePasses(e.date) &&
      (st.issue < 0 || e.issues.indexOf(st.issue) >= 0);
  }

  // adjacency over the drawn edges (detail mode and opened engagements)
  var adj = null;
  function adjacency() {
    if (adj) { return adj; }
    adj = new Map();
    edgesDS.forEach(function (e) {
      if (e.agg) { return; }
      if (!adj.has(e.from)) { adj.set(e.from, []); }
      if (!adj.has(e.to)) { adj.set(e.to, []); }
      adj.get(e.from).push(e.to);
      adj.get(e.to).push(e.from);
    });
    return adj;
  }

  function pairKey(a, b) { return a < b ? a + "\u0000" + b : b + "\u0000" + a; }
  var pairEdge = new Map();
  if (AGG) {
    D.edges.forEach(function (e) { if (e.agg) { pairEdge.set(pairKey(e.from, e.to), e); } });
  }

  function pairTitle(a, b, c) {
    var lines = [(labelOf.get(a) || a) + " \u2014 " + (labelOf.get(b) || b),
      c.n + (c.n === 1 ? " engagement" : " engagements")];
    Object.keys(c.types).map(function (k) { return [KIND_LABEL[k] || k, c.types[k]]; })
      .sort(function (x, y) { return x[0] < y[0] ? -1 : (x[0] > y[0] ? 1 : 0); })
      .forEach(function (t) { lines.push(t[0] + ": " + t[1]); });
    if (c.first) { lines.push(c.last && c.last !== c.first ? c.first + " \u2026 " + c.last : c.first); }
    return lines.join("\n");
  }
  function width(n) { return Math.round(Math.min(14, 1 + 2 * Math.log2(Math.max(1, n))) * 100) / 100; }

  // ---------------------------------------------------------------- recompute filters
  var firstRun = true;
  function computeVisibility() {
    var active = filterActive();
    filtered = ENG.filter(engPasses);
    var actorActive = new Set();
    filtered.forEach(function (e) { e.parts.forEach(function (p) { actorActive.add(p); }); });
    var hasEng = new Set();
    ENG.forEach(function (e) { e.parts.forEach(function (p) { hasEng.add(p); }); });

    if (AGG) {
      var counts = new Map();
      filtered.forEach(function (e) {
        var ps = e.parts;
        for (var i = 0; i < ps.length; i++) {
          for (var j = i + 1; j < ps.length; j++) {
            var edge = pairEdge.get(pairKey(ps[i], ps[j]));
            if (!edge) { continue; }
            var c = counts.get(edge.id);
            if (!c) { c = { n: 0, types: {}, first: null, last: null }; counts.set(edge.id, c); }
            c.n += 1;
            c.types[e.kind] = (c.types[e.kind] || 0) + 1;
            if (e.date) {
              if (!c.first || e.date < c.first) { c.first = e.date; }
              if (!c.last || e.date > c.last) { c.last = e.date; }
            }
          }
        }
      });
      var updates = [];
      pairEdge.forEach(function (edge) {
        var c = counts.get(edge.id) || { n: 0, types: {}, first: null, last: null };
        var old = pairCount.get(edge.id);
        // an edge without engagements is filtered out of the view; it is updated when it returns
        if (!firstRun && c.n > 0 && (!old || old.n !== c.n || JSON.stringify(old.types) !== JSON.stringify(c.types))) {
          var parts = [];
          if (c.n > 0) { parts.push(pairTitle(edge.from, edge.to, c)); }
          if (edge.rel) { parts.push(edge.rel); }
          updates.push({ id: edge.id, width: c.n > 0 ? width(c.n) : 1, title: parts.join("\n\n") });
        }
      });
      pairCount = counts;
      if (updates.length) { edgesDS.update(updates); }
    }

    var vis2 = new Set();
    var a = adjacency();
    nodesDS.forEach(function (n) {
      if (st.hiddenKinds.has(n.kind)) { return; }
      if (ENG_SET.has(n.kind)) {
        var e = engById.get(n.id);
        if (!e || engPasses(e)) { vis2.add(n.id); }
      } else if (n.kind === "MeetingRef") {
        if (datePasses(n.date || null)) { vis2.add(n.id); }
      }
    });
    nodesDS.forEach(function (n) {
      if (st.hiddenKinds.has(n.kind) || isEvent(n.kind)) { return; }
      if (!active) { vis2.add(n.id); return; }
      if (AGG && ACTOR.has(n.kind)) {
        if (actorActive.has(n.id) || !hasEng.has(n.id)) { vis2.add(n.id); }
        return;
      }
      var nb = a.get(n.id) || [];
      var events = 0;
      for (var i = 0; i < nb.length; i++) {
        var k = (nodesDS.get(nb[i]) || {}).kind;
        if (isEvent(k)) { events += 1; if (vis2.has(nb[i])) { vis2.add(n.id); return; } }
      }
      if (events === 0) { vis2.add(n.id); }
    });
    visible = vis2;
    firstRun = false;
  }
  function recompute() {
    var t0 = performance.now();
    computeVisibility();
    var t1 = performance.now();
    nodeView.refresh();
    edgeView.refresh();
    var t2 = performance.now();
    setText($("kg-shown"), filtered.length + " of " + ENG.length + " engagements shown");
    renderTable(true);
    T.lastRecompute = [t1 - t0, t2 - t1, performance.now() - t2];
  }

  // The views must see the right nodes when the network is built: its one seeded
  // stabilisation runs on construction, and nodes added later would get random places.
  computeVisibility();
  var nodeView = new vis.DataView(nodesDS, { filter: function (n) { return visible.has(n.id); } });
  var edgeView = new vis.DataView(edgesDS, {
    filter: function (e) {
      if (!visible.has(e.from) || !visible.has(e.to)) { return false; }
      if (e.agg) { var c = pairCount.get(e.id); return (c ? c.n > 0 : false) || !!e.rel; }
      return true;
    }
  });

  // ---------------------------------------------------------------- network
  var container = $("kg-network");
  T.views = performance.now();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, D.options);
  T.network = performance.now();
  window.network = network;
  window.kgData = { nodes: nodesDS, edges: edgesDS, nodeView: nodeView, edgeView: edgeView, mode: D.mode };

  var ready = false;
  function storePositions() {
    // A node that a filter removes from the view loses its place; keep it in the data instead.
    var pos = network.getPositions();
    var upd = Object.keys(pos).map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; });
    if (upd.length) { nodesDS.update(upd); }
  }
  function markReady() {
    if (ready) { return; }
    network.setOptions({ physics: false });
    storePositions();
    ready = true;
    T.ready = performance.now();
    document.body.classList.add("kg-ready");
    window.kgReady = true;
  }
  network.once("stabilizationIterationsDone", markReady);
  network.on("dragEnd", function (p) {
    if (!p.nodes || !p.nodes.length) { return; }
    var pos = network.getPositions(p.nodes);
    nodesDS.update(p.nodes.map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
  });

  // ---------------------------------------------------------------- details panel
  function showDetails(text) { setText($("kg-details-text"), text); }
  function status(text) { setText($("kg-status"), text || ""); }

  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) {
      var n = nodesDS.get(p.nodes[0]);
      if (!n) { return; }
      showDetails(n.title || n.label || "");
      if (AGG && ACTOR.has(n.kind)) { openFor(function (e) { return e.parts.indexOf(n.id) >= 0; }, n.id, n.label); }
    } else if (p.edges && p.edges.length) {
      var e = edgesDS.get(p.edges[0]);
      if (!e) { return; }
      showDetails(e.title || e.label || "");
      if (AGG && e.agg) {
        openFor(function (r) { return r.parts.indexOf(e.from) >= 0 && r.parts.indexOf(e.to) >= 0; }, e.from,
          (labelOf.get(e.from) || e.from) + " \u2014 " + (labelOf.get(e.to) || e.to));
      }
    }
  });

  // ---------------------------------------------------------------- aggregate: open engagements on demand
  var MAX_OPEN = 300;
  var detail = null;
  function detailIndex() {
    if (detail) { return detail; }
    detail = { nodes: new Map(), edgesOf: new Map(), edges: D.de || [] };
    (D.dn || []).forEach(function (r) {
      detail.nodes.set(S[r[0]], { id: S[r[0]], kind: S[r[1]], label: S[r[2]], title: S[r[3]], date: str(r[4]) });
    });
    detail.edges.forEach(function (r, i) {
      [S[r[0]], S[r[1]]].forEach(function (id) {
        if (!detail.edgesOf.has(id)) { detail.edgesOf.set(id, []); }
        detail.edgesOf.get(id).push(i);
      });
    });
    return detail;
  }
  function styledNode(rec, x, y) {
    var n = { id: rec.id, label: rec.label, title: rec.title, kind: rec.kind, x: x, y: y, opened: true };
    if (rec.date) { n.date = rec.date; }
    n.group = rec.kind;
    return n;
  }
  function byDateDesc(a, b) {
    var da = a.date || "", db = b.date || "";
    if (da !== db) { return da < db ? 1 : -1; }
    return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
  }
  function openFor(pred, anchorId, what) {
    var idx = detailIndex();
    var list = filtered.filter(pred).sort(byDateDesc);
    var total = list.length;
    list = list.slice(0, MAX_OPEN);
    var anchor = network.getPositions([anchorId])[anchorId] || { x: 0, y: 0 };
    var addN = [], addE = [], have = new Set(nodesDS.getIds());
    var haveE = new Set(edgesDS.getIds());
    list.forEach(function (e, k) {
      // sunflower spiral around the anchor: evenly spaced, no overlaps, same place every time
      var ang = k * 2.399963229728653;
      var r = 90 + 28 * Math.sqrt(k + 1);
      var ex = anchor.x + r * Math.cos(ang), ey = anchor.y + r * Math.sin(ang);
      var rec = idx.nodes.get(e.id);
      if (rec && !have.has(e.id)) { addN.push(styledNode(rec, ex, ey)); have.add(e.id); }
      (idx.edgesOf.get(e.id) || []).forEach(function (i, j) {
        var de = idx.edges[i];
        var from = S[de[0]], to = S[de[1]];
        var other = from === e.id ? to : from;
        if (!have.has(other)) {
          var orec = idx.nodes.get(other);
          if (!orec) { return; }
          addN.push(styledNode(orec, ex + 60 * Math.cos(ang + 0.6 * (j + 1)), ey + 60 * Math.sin(ang + 0.6 * (j + 1))));
          have.add(other);
        }
        var eid = "d" + i;
        if (!haveE.has(eid)) {
          addE.push({ id: eid, from: from, to: to, label: S[de[2]], title: S[de[3]], arrows: S[de[4]] || "", opened: true });
          haveE.add(eid);
        }
      });
    });
    if (addN.length) { nodesDS.add(addN); }
    if (addE.length) { edgesDS.add(addE); }
    adj = null;
    recompute();
    status(total > list.length ? "Opened the " + list.length + " most recent of " + total + " engagements of " + what + "."
      : "Opened " + total + " engagement" + (total === 1 ? "" : "s") + " of " + what + ".");
  }
  function closeOpened() {
    var ids = nodesDS.getIds({ filter: function (n) { return !!n.opened; } });
    var eids = edgesDS.getIds({ filter: function (e) { return !!e.opened; } });
    edgesDS.remove(eids);
    nodesDS.remove(ids);
    adj = null;
    recompute();
    status("");
  }
  if ($("kg-collapse")) { $("kg-collapse").addEventListener("click", closeOpened); }

  // ---------------------------------------------------------------- search
  var names = [];
  nodesDS.forEach(function (n) {
    if (!AGG && !ACTOR.has(n.kind)) { return; }
    names.push(n.label);
    (n.aliases || []).forEach(function (a) { names.push(a); });
  });
  var dl = $("kg-names");
  Array.from(new Set(names)).sort().slice(0, 5000).forEach(function (name) {
    var o = document.createElement("option");
    o.value = name;
    dl.appendChild(o);
  });
  function findNode(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) { return null; }
    var best = null, bestScore = 99;
    nodesDS.forEach(function (n) {
      var cands = [n.label || ""].concat(n.aliases || []);
      var score = 99;
      cands.forEach(function (c, i) {
        c = String(c).toLowerCase();
        var s = c === q ? 0 : (c.indexOf(q) === 0 ? 2 : (c.indexOf(q) >= 0 ? 4 : 99));
        if (s < 99 && i > 0) { s += 1; }
        if (s < score) { score = s; }
      });
      if (score < 99 && !ACTOR.has(n.kind)) { score += 0.5; }
      if (score < bestScore || (score === bestScore && best && String(n.label) < String(best.label))) {
        best = n; bestScore = score;
      }
    });
    return best;
  }
  function search(q) {
    var n = findNode(q);
    if (!n) { status("No node matches \u201c" + q + "\u201d."); return null; }
    if (!visible.has(n.id)) { status("\u201c" + n.label + "\u201d is hidden by the filters."); return n.id; }
    status("");
    network.selectNodes([n.id], true);
    network.focus(n.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(n.title || n.label || "");
    return n.id;
  }
  $("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("kg-search").value); });
  $("kg-search").addEventListener("change", function () { if ($("kg-search").value) { search($("kg-search").value); } });

  // ---------------------------------------------------------------- filters UI
  var legendButtons = Array.from(document.querySelectorAll(".kg-legend-item"));
  legendButtons.forEach(function (b) {
    b.addEventListener("click", function () {
      var k = KINDS[Number(b.getAttribute("data-kind-index"))];
      if (!k) { return; }
      var on = b.getAttribute("aria-pressed") !== "false";
      b.setAttribute("aria-pressed", on ? "false" : "true");
      if (on) { st.hiddenKinds.add(k.kind); } else { st.hiddenKinds.delete(k.kind); }
      recompute();
    });
  });
  var typeBoxes = Array.from(document.querySelectorAll("input.kg-type"));
  typeBoxes.forEach(function (cb) {
    cb.addEventListener("change", function () {
      if (cb.checked) { st.types.add(cb.value); } else { st.types.delete(cb.value); }
      recompute();
    });
  });
  function onDates() {
    st.from = $("kg-date-from").value || "";
    st.to = $("kg-date-to").value || "";
    st.undated = $("kg-undated").checked;
    recompute();
  }
  ["kg-date-from", "kg-date-to"].forEach(function (id) { $(id).addEventListener("change", onDates); });
  $("kg-undated").addEventListener("change", onDates);
  var issueSel = $("kg-issue");
  ISSUES.forEach(function (name, i) {
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = name;
    issueSel.appendChild(o);
  });
  issueSel.addEventListener("change", function () { st.issue = Number(issueSel.value); recompute(); });
  $("kg-reset").addEventListener("click", function () {
    st.hiddenKinds.clear();
    st.types = new Set(ENG_KINDS);
    st.from = ""; st.to = ""; st.issue = -1; st.undated = false;
    legendButtons.forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
    typeBoxes.forEach(function (cb) { cb.checked = true; });
    $("kg-date-from").value = ""; $("kg-date-to").value = ""; $("kg-undated").checked = false;
    issueSel.value = "-1";
    recompute();
  });

  // ---------------------------------------------------------------- table
  var PAGE = 200;
  var shownRows = PAGE;
  var sortKey = "date", sortDesc = true;
  function partText(e) { return e.parts.map(function (p) { return labelOf.get(p) || p; }).join(", "); }
  function issueText(e) { return e.issues.map(function (i) { return ISSUES[i]; }).join(", "); }
  function sortVal(e) {
    if (sortKey === "type") { return KIND_LABEL[e.kind] || e.kind; }
    if (sortKey === "participants") { return partText(e); }
    if (sortKey === "issues") { return issueText(e); }
    return e.date || "";
  }
  function focusEngagement(e) {
    if (AGG && !nodesDS.get(e.id)) {
      var anchor = e.parts[0];
      if (anchor) { openFor(function (r) { return r.id === e.id; }, anchor, KIND_LABEL[e.kind] || e.kind); }
    }
    if (visible.has(e.id)) {
      network.selectNodes([e.id], true);
      network.focus(e.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      var n = nodesDS.get(e.id);
      if (n) { showDetails(n.title || n.label || ""); }
    }
  }
  function renderTable(reset) {
    if (reset) { shownRows = PAGE; }
    var rows = filtered.slice();
    rows.sort(function (a, b) {
      var x = sortVal(a), y = sortVal(b);
      var c = x < y ? -1 : (x > y ? 1 : (a.id < b.id ? -1 : (a.id > b.id ? 1 : 0)));
      return sortDesc ? -c : c;
    });
    var body = $("kg-table-body");
    var frag = document.createDocumentFragment();
    rows.slice(0, shownRows).forEach(function (e) {
      var tr = document.createElement("tr");
      var td = document.createElement("td");
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = e.date || "undated";
      btn.addEventListener("click", function () { focusEngagement(e); });
      td.appendChild(btn);
      tr.appendChild(td);
      [KIND_LABEL[e.kind] || e.kind, partText(e), issueText(e)].forEach(function (t) {
        var c = document.createElement("td");
        c.textContent = t;
        tr.appendChild(c);
      });
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
    var more = $("kg-more");
    more.hidden = rows.length <= shownRows;
    setText(more, "Show more (" + Math.min(rows.length, shownRows) + " of " + rows.length + " rows shown)");
    setText($("kg-table-caption"), rows.length + " engagements matching the filters");
  }
  $("kg-more").addEventListener("click", function () { shownRows += 500; renderTable(false); });
  Array.from(document.querySelectorAll(".kg-table th button")).forEach(function (b) {
    b.addEventListener("click", function () {
      var k = b.getAttribute("data-sort");
      if (k === sortKey) { sortDesc = !sortDesc; } else { sortKey = k; sortDesc = k === "date"; }
      Array.from(document.querySelectorAll(".kg-table th")).forEach(function (th) { th.removeAttribute("aria-sort"); });
      b.parentNode.setAttribute("aria-sort", sortDesc ? "descending" : "ascending");
      renderTable(false);
    });
  });

  setText($("kg-shown"), filtered.length + " of " + ENG.length + " engagements shown");
  renderTable(true);
  if (nodeView.length === 0) { markReady(); }

  window.kgApp = {
    search: search,
    state: st,
    recompute: recompute,
    setDateRange: function (from, to) {
      $("kg-date-from").value = from || ""; $("kg-date-to").value = to || ""; onDates();
    },
    shownEngagements: function () { return filtered.length; },
    isVisible: function (id) { return visible.has(id); },
    openNode: function (id) {
      var n = nodesDS.get(id);
      if (n && AGG && ACTOR.has(n.kind)) { openFor(function (e) { return e.parts.indexOf(id) >= 0; }, id, n.label); }
    },
    closeOpened: closeOpened
  };
})();

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
  // In the aggregated view an engagement's id and details sit in a compressed block
  // (engagement i is record i - D.blockStart[b] of the last block b starting at or before i) and
  // are read when it is opened.
  var ENG = (D.eng || []).map(function (r, i) {
    return { id: str(r[0]), idx: i, kind: S[r[1]], date: str(r[2]), issues: r[3], parts: r[4].map(str) };
  });
  var engById = new Map();
  ENG.forEach(function (e) { if (e.id !== null) { engById.set(e.id, e); } });

  // ---------------------------------------------------------------- datasets and views
  T.parsed = performance.now();
  var nodesDS = new vis.DataSet(D.nodes);
  var edgesDS = new vis.DataSet(AGG ? [] : D.edges);
  var labelOf = new Map();
  D.nodes.forEach(function (n) { labelOf.set(n.id, n.label); });

  var st = { hiddenKinds: new Set(), types: new Set(ENG_KINDS), from: "", to: "", issue: -1, undated: false };
  var visible = new Set();
  var filtered = ENG.slice();

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

  // Aggregated view: actors are numbered (D.nodes order) and pairs are columns of actor numbers
  // (D.pa < D.pb) with their counts; only the drawn pairs become edges of the network.
  var PA = D.pa || [], PB = D.pb || [], NP = PA.length, NA = 0;
  var actorNo = new Map();
  var pairOf = new Map(); // PA * NA + PB -> pair number
  var relOfPair = new Map(); // pair number -> relation text (e.g. "X represents Y")
  var membersOf = new Map(); // country -> its persons
  var countriesOf = new Map(); // person -> its countries
  var hasEng = new Set();
  var MAX_PAIRS = D.maxPairs || 2500;
  var drawnEdges = new Map(); // edge id -> {width, title} as last written to edgesDS
  var pairsInfo = "";
  if (AGG) {
    D.nodes.forEach(function (n) {
      actorNo.set(n.id, NA++);
      if (n.nEng > 0) { hasEng.add(n.id); }
      if (n.members) {
        membersOf.set(n.id, n.members);
        n.members.forEach(function (p) {
          if (!countriesOf.has(p)) { countriesOf.set(p, []); }
          countriesOf.get(p).push(n.id);
        });
      }
    });
    for (var q = 0; q < NP; q++) { pairOf.set(PA[q] * NA + PB[q], q); }
    var relOnly = [];
    (D.rels || []).forEach(function (r, k) {
      if (r[3] >= 0) { relOfPair.set(r[3], r[2]); return; }
      relOnly.push({ id: "r" + k, from: D.nodes[r[0]].id, to: D.nodes[r[1]].id, agg: true, n: 0,
        rel: r[2], title: r[2], dashes: true });
    });
    edgesDS.add(relOnly);
    ENG.forEach(function (e) {
      var ps = e.parts, nums = [], pairs = [];
      for (var i = 0; i < ps.length; i++) { nums.push(actorNo.get(ps[i])); }
      for (i = 0; i < nums.length; i++) {
        for (var j = i + 1; j < nums.length; j++) {
          var a = nums[i], b = nums[j];
          var p = pairOf.get(a < b ? a * NA + b : b * NA + a);
          if (p !== undefined) { pairs.push(p); }
        }
      }
      e.pairs = pairs;
    });
  } else {
    ENG.forEach(function (e) { e.parts.forEach(function (p) { hasEng.add(p); }); });
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

  // Recount the pairs over the engagements that pass the filters and draw the strongest
  // (and every actor's strongest one, so nobody looks alone); the rest open with their persons.
  function redrawPairs() {
    var counts = new Int32Array(NP);
    var i, p;
    filtered.forEach(function (e) { for (var k = 0; k < e.pairs.length; k++) { counts[e.pairs[k]] += 1; } });
    var ranked = [], best = new Int32Array(NA).fill(-1);
    for (p = 0; p < NP; p++) {
      if (!counts[p]) { continue; }
      ranked.push(p);
      [PA[p], PB[p]].forEach(function (a) {
        if (best[a] < 0 || counts[best[a]] < counts[p]) { best[a] = p; }
      });
    }
    ranked.sort(function (x, y) { return counts[y] - counts[x] || x - y; });
    var drawn = new Set(ranked.slice(0, MAX_PAIRS));
    for (i = 0; i < NA; i++) { if (best[i] >= 0) { drawn.add(best[i]); } }
    relOfPair.forEach(function (_t, q) { drawn.add(q); });
    var stats = new Map();
    drawn.forEach(function (q) { stats.set(q, { n: counts[q], types: {}, first: null, last: null }); });
    filtered.forEach(function (e) {
      for (var k = 0; k < e.pairs.length; k++) {
        var c = stats.get(e.pairs[k]);
        if (!c) { continue; }
        c.types[e.kind] = (c.types[e.kind] || 0) + 1;
        if (e.date) {
          if (!c.first || e.date < c.first) { c.first = e.date; }
          if (!c.last || e.date > c.last) { c.last = e.date; }
        }
      }
    });
    var add = [], upd = [], keep = new Set();
    stats.forEach(function (c, q) {
      var id = "a" + q, from = D.nodes[PA[q]].id, to = D.nodes[PB[q]].id;
      var parts = c.n > 0 ? [pairTitle(from, to, c)] : [];
      if (relOfPair.has(q)) { parts.push(relOfPair.get(q)); }
      var item = { id: id, title: parts.join("\n\n"), width: c.n > 0 ? width(c.n) : 1, n: c.n };
      keep.add(id);
      var old = drawnEdges.get(id);
      if (!old) {
        item.from = from; item.to = to; item.agg = true;
        if (relOfPair.has(q)) { item.rel = relOfPair.get(q); }
        add.push(item);
      } else if (old.title !== item.title || old.width !== item.width) {
        upd.push(item);
      }
      drawnEdges.set(id, { title: item.title, width: item.width });
    });
    var gone = [];
    drawnEdges.forEach(function (_v, id) { if (!keep.has(id)) { gone.push(id); } });
    gone.forEach(function (id) { drawnEdges.delete(id); });
    if (gone.length) { edgesDS.remove(gone); }
    if (upd.length) { edgesDS.update(upd); }
    if (add.length) { edgesDS.add(add); }
    pairsInfo = "Lines: the " + Math.min(drawn.size, ranked.length) + " strongest of " + ranked.length +
      " linked pairs" + (ranked.length > drawn.size ? " (click a person to open all of theirs)." : ".");
  }

  // ---------------------------------------------------------------- recompute filters
  function computeVisibility() {
    var active = filterActive();
    filtered = ENG.filter(engPasses);
    var actorActive = new Set();
    filtered.forEach(function (e) {
      e.parts.forEach(function (p) {
        actorActive.add(p);
        if (AGG) { (countriesOf.get(p) || []).forEach(function (c) { actorActive.add(c); }); }
      });
    });

    if (AGG) { redrawPairs(); }

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
  }
  function recompute() {
    var t0 = performance.now();
    computeVisibility();
    var t1 = performance.now();
    nodeView.refresh();
    edgeView.refresh();
    var t2 = performance.now();
    setText($("kg-shown"), filtered.length + " of " + ENG.length + " engagements shown");
    setText($("kg-pairs"), pairsInfo);
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
    ready = true;
    if (!AGG) {
      network.setOptions({ physics: false });
      storePositions();
    }
    T.ready = performance.now();
    document.body.classList.add("kg-ready");
    window.kgReady = true;
  }
  if (AGG) {
    // Laid out when the page was written: no physics at all, ready once it is drawn.
    network.fit({ animation: false });
    network.once("afterDrawing", markReady);
  } else {
    network.once("stabilizationIterationsDone", markReady);
  }
  network.on("dragEnd", function (p) {
    if (!p.nodes || !p.nodes.length) { return; }
    var pos = network.getPositions(p.nodes);
    nodesDS.update(p.nodes.map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
  });

  // ---------------------------------------------------------------- details panel
  function showDetails(text) { setText($("kg-details-text"), text); }
  function status(text) { setText($("kg-status"), text || ""); }

  function involves(id) {
    var members = membersOf.get(id);
    if (members) {
      var set = new Set(members);
      return function (e) { return e.parts.some(function (p) { return set.has(p); }); };
    }
    return function (e) { return e.parts.indexOf(id) >= 0; };
  }
  function openActor(id) {
    var n = nodesDS.get(id);
    if (!n || !AGG || !ACTOR.has(n.kind)) { return Promise.resolve(0); }
    return openFor(involves(id), id, n.label);
  }
  function openPair(a, b) {
    var pa = involves(a), pb = involves(b);
    return openFor(function (r) { return pa(r) && pb(r); }, a,
      (labelOf.get(a) || a) + " \u2014 " + (labelOf.get(b) || b));
  }

  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) {
      var n = nodesDS.get(p.nodes[0]);
      if (!n) { return; }
      showDetails(n.title || n.label || "");
      if (AGG && ACTOR.has(n.kind)) { openActor(n.id); }
    } else if (p.edges && p.edges.length) {
      var e = edgesDS.get(p.edges[0]);
      if (!e) { return; }
      showDetails(e.title || e.label || "");
      if (AGG && e.agg && e.n > 0) { openPair(e.from, e.to); }
    }
  });

  // ---------------------------------------------------------------- aggregate: open engagements on demand
  var MAX_OPEN = 300;
  var blocks = new Map(); // block number -> Promise of {n: nodes, r: records}
  var BLOCK_START = D.blockStart || [0];
  function blockOf(idx) { // the last block starting at or before engagement idx
    var lo = 0, hi = BLOCK_START.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (BLOCK_START[mid] <= idx) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  function inflate(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  }
  // The blocks follow this script in the page, so the graph is drawn while the browser still
  // reads them; they can be used once the whole document is parsed.
  var parsed = new Promise(function (resolve) {
    if (document.readyState !== "loading") { resolve(); return; }
    document.addEventListener("DOMContentLoaded", function () { resolve(); });
  });
  function block(i) {
    if (!blocks.has(i)) {
      var p = parsed.then(function () {
        var el = $("kg-block-" + i);
        if (!el) { throw new Error("missing block " + i); }
        if (typeof DecompressionStream === "undefined") {
          throw new Error("this browser cannot inflate the details (no DecompressionStream)");
        }
        return inflate(el.textContent);
      });
      p.catch(function () { blocks.delete(i); });
      blocks.set(i, p);
    }
    return blocks.get(i);
  }
  function styledNode(id, kind, label, title, date, x, y) {
    var n = { id: id, label: label, title: title, kind: kind, x: x, y: y, opened: true, group: kind };
    if (date) { n.date = date; }
    return n;
  }
  function byDateDesc(a, b) {
    var da = a.date || "", db = b.date || "";
    if (da !== db) { return da < db ? 1 : -1; }
    return b.idx - a.idx;
  }
  var openSeq = 0;
  function openFor(pred, anchorId, what) {
    var list = filtered.filter(pred).sort(byDateDesc);
    var total = list.length;
    list = list.slice(0, MAX_OPEN);
    var seq = ++openSeq;
    var need = Array.from(new Set(list.map(function (e) { return blockOf(e.idx); })));
    status("Opening " + list.length + " engagement" + (list.length === 1 ? "" : "s") + " of " + what + "\u2026");
    window.kgBusy = true;
    return Promise.all(need.map(block)).then(function (loaded) {
      if (seq !== openSeq) { return 0; } // a later click won
      var byNo = new Map();
      need.forEach(function (b, k) { byNo.set(b, loaded[k]); });
      var anchor = network.getPositions([anchorId])[anchorId] || { x: 0, y: 0 };
      // places already taken (drawn nodes), so an opened node never hides another one
      var CELL = 40, taken = new Map();
      function cellKey(x, y) { return Math.floor(x / CELL) + "," + Math.floor(y / CELL); }
      function take(x, y, r) {
        var k = cellKey(x, y);
        if (!taken.has(k)) { taken.set(k, []); }
        taken.get(k).push([x, y, r]);
      }
      function free(x, y, r) {
        var cx = Math.floor(x / CELL), cy = Math.floor(y / CELL);
        for (var i = -1; i <= 1; i++) {
          for (var j = -1; j <= 1; j++) {
            var l = taken.get((cx + i) + "," + (cy + j)) || [];
            for (var q = 0; q < l.length; q++) {
              var dx = l[q][0] - x, dy = l[q][1] - y, need = l[q][2] + r;
              if (dx * dx + dy * dy < need * need) { return false; }
            }
          }
        }
        return true;
      }
      var pos0 = network.getPositions();
      Object.keys(pos0).forEach(function (id) {
        var nd = network.body.nodes[id];
        take(pos0[id].x, pos0[id].y, Math.min(CELL, ((nd && nd.options.size) || 16) + 4));
      });
      var spiral = 0;
      var addN = [], addE = [], have = new Set(nodesDS.getIds());
      var haveE = new Set(edgesDS.getIds());
      list.forEach(function (e, k) {
        var b = blockOf(e.idx), blk = byNo.get(b);
        var rec = blk.r[e.idx - BLOCK_START[b]]; // [id, kind, label, title, date, edges]
        e.id = rec[0];
        engById.set(e.id, e);
        // sunflower spiral around the anchor, skipping taken places: same place every time
        var ang, ex, ey;
        do {
          ang = spiral * 2.399963229728653;
          var r = 90 + 28 * Math.sqrt(spiral + 1);
          ex = anchor.x + r * Math.cos(ang); ey = anchor.y + r * Math.sin(ang);
          spiral += 1;
        } while (!free(ex, ey, 20) && spiral < 20 * MAX_OPEN);
        if (!have.has(e.id)) {
          addN.push(styledNode(rec[0], rec[1], rec[2], rec[3], rec[4], ex, ey)); have.add(e.id);
          take(ex, ey, 20);
        }
        rec[5].forEach(function (de, j) {
          var from = de[0], to = de[1];
          [from, to].forEach(function (other) {
            if (have.has(other)) { return; }
            var o = blk.n[other];
            if (!o) { return; }
            var a2 = ang + 0.6 * (j + 1), ox = ex + 60 * Math.cos(a2), oy = ey + 60 * Math.sin(a2);
            for (var t = 0; t < 24 && !free(ox, oy, 20); t++) {
              a2 += 0.5; var rr = 60 + 10 * t;
              ox = ex + rr * Math.cos(a2); oy = ey + rr * Math.sin(a2);
            }
            addN.push(styledNode(other, o[0], o[1], o[2], o[3], ox, oy));
            take(ox, oy, 20);
            have.add(other);
          });
          var eid = "d:" + from + "\u0000" + to;
          if (!haveE.has(eid) && have.has(from) && have.has(to)) {
            addE.push({ id: eid, from: from, to: to, label: de[2], title: de[3], arrows: de[4] || "", opened: true });
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
      window.kgBusy = false;
      return list.length;
    }, function (err) {
      window.kgBusy = false;
      status("Could not open the engagements: " + (err && err.message ? err.message : String(err)));
      return 0;
    });
  }
  function closeOpened() {
    openSeq += 1;
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
  function findNode(q, actorsOnly) {
    q = (q || "").trim().toLowerCase();
    if (!q) { return null; }
    var best = null, bestScore = 99;
    nodesDS.forEach(function (n) {
      if (actorsOnly && !ACTOR.has(n.kind)) { return; }
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
    best = best ? { node: best, score: bestScore } : null;
    return best;
  }
  function search(q) {
    var hit = findNode(q);
    // "A + B" (or "A & B") opens the engagements of a pair, drawn or not
    var two = AGG && (!hit || hit.score > 0) ? /^(.+?)\s*[+&]\s*(.+)$/.exec(q || "") : null;
    if (two) {
      var a = findNode(two[1], true), b = findNode(two[2], true);
      if (a && b && a.node.id !== b.node.id) {
        network.selectNodes([a.node.id, b.node.id], false);
        showDetails((labelOf.get(a.node.id) || a.node.id) + " \u2014 " + (labelOf.get(b.node.id) || b.node.id));
        return openPair(a.node.id, b.node.id).then(function () { return [a.node.id, b.node.id]; });
      }
    }
    var n = hit && hit.node;
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
    if (AGG && (e.id === null || !nodesDS.get(e.id))) {
      var anchor = e.parts[0];
      if (anchor) {
        openFor(function (r) { return r === e; }, anchor, KIND_LABEL[e.kind] || e.kind).then(function () { focusOpened(e); });
      }
      return;
    }
    focusOpened(e);
  }
  function focusOpened(e) {
    if (e.id !== null && visible.has(e.id)) {
      network.selectNodes([e.id], true);
      network.focus(e.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      var n = nodesDS.get(e.id);
      if (n) { showDetails(n.title || n.label || ""); }
    }
  }
  function renderTable(reset) {
    if (reset) { shownRows = PAGE; }
    var rows;
    if (AGG && sortKey === "date") {
      // the aggregated view's engagements come sorted by date (then id): no need to sort 100,000
      rows = sortDesc ? filtered.slice().reverse() : filtered.slice();
    } else {
      rows = filtered.slice();
      rows.sort(function (a, b) {
        var x = sortVal(a), y = sortVal(b);
        var c = x < y ? -1 : (x > y ? 1 : a.idx - b.idx);
        return sortDesc ? -c : c;
      });
    }
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
  setText($("kg-pairs"), pairsInfo);
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
    openNode: openActor,
    openPair: openPair,
    closeOpened: closeOpened
  };
})();

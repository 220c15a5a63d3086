// The Map page's block map: deck.gl (from the pydeck package) in a Streamlit component frame.
//
// The outlines of a scope (blocks, grey blocks, district and state lines, names for the tooltip)
// arrive once, tagged with a token; after that each rerun sends only the style: a class per unit,
// the palette and the tooltip's value texts. When a scope's outlines are not here (the frame was
// rebuilt, or a render was skipped) the frame asks for them through its value, and the next run
// sends them again.
//
// Two canvases: deck.gl draws the fills below (interactive: hover, click, tooltip, pan and zoom);
// a plain 2D canvas above draws the lines (block edges, district and state outlines) in the fills'
// view. A new style redraws the fills only, and lines are cheap in 2D: where WebGL runs in software
// (headless Chromium here) deck.gl's line layers took 1-1.7 s a frame, the 2D canvas 0.01-0.04 s.
(function () {
  "use strict";
  const KEPT_SCOPES = 6;
  const ASK_AGAIN_MS = 3000;
  const HOVER_RGBA = [255, 0, 255, 255];
  const OTHER_RGB = [232, 232, 232];
  const SELECTED_RGB = [20, 20, 20];
  const LINES = [
    // what, colour, width in CSS pixels
    ["edges", "rgb(255,255,255)", 0.4],
    ["districts", "rgb(120,120,120)", 0.6],
    ["states", "rgb(40,40,40)", 1.4],
  ];
  const TILE_URL = "https://basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png";

  const canvas = document.getElementById("abp-map");
  const linesCanvas = document.getElementById("abp-map-lines");
  const box = document.getElementById("abp-map-box");
  const status = document.getElementById("abp-map-status");
  // Scopes outlive this frame in the page that holds it (a frame is rebuilt when the page is left
  // and opened again); this frame's own map when the page cannot be reached.
  const scopes = (() => {
    try {
      window.parent.__abpMapScopes = window.parent.__abpMapScopes || new Map();
      return window.parent.__abpMapScopes;
    } catch (error) {
      return new Map();
    }
  })();

  let deckgl = null;
  let viewState = null; // the fills' view, which the lines follow
  let scope = null;
  let style = null;
  let args = null;
  let styleVersion = 0;
  let value = { picked: null, clicks: 0, ask: null };
  let waitingFor = null; // the token of outlines asked for and not yet received

  function post(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function sendValue() {
    post("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function prepare(geometry) {
    return {
      units: geometry.units,
      tips: geometry.tips,
      parts: geometry.parts.map((part) => ({ i: part[0], p: part[1] })),
      others: geometry.others.map((polygon) => ({ p: polygon })),
      edges: geometry.parts.map((part) => (Array.isArray(part[1][0][0]) ? part[1] : [part[1]])).flat(),
      districts: geometry.districts,
      states: geometry.states,
      view: geometry.view,
      index: new Map(geometry.units.map((unit, i) => [unit, i])),
    };
  }

  function keep(token, prepared) {
    scopes.delete(token);
    scopes.set(token, prepared);
    while (scopes.size > KEPT_SCOPES) scopes.delete(scopes.keys().next().value);
  }

  function colourOf(part) {
    const cls = style.classes[part.i];
    return cls === null || cls === undefined ? OTHER_RGB : style.palette[cls];
  }

  // the interface's words, sent with the style in its language (English until the first style arrives)
  const ENGLISH = {
    rank: "Rank {n}",
    unranked: "not ranked",
    age: "data age {n}",
    months: "{n} months",
    unknown: "n/a",
    loading: "Loading the map outlines...",
    failed: "The map could not be drawn:",
  };
  function wordsOf(someStyle) {
    return (someStyle && someStyle.words) || ENGLISH;
  }

  function tooltip(info) {
    const part = info.object;
    if (!part || part.i === undefined || !style) return null;
    const tip = scope.tips[part.i];
    const rank = style.ranks[part.i];
    const age = style.ages[part.i];
    const words = wordsOf(style);
    const ageText = age === null ? words.unknown : words.months.replace("{n}", age);
    return {
      html:
        `<b>${escapeHtml(tip[0])}</b><br/>${escapeHtml(tip[1])}, ${escapeHtml(tip[2])}<br/>` +
        `${escapeHtml(style.measure)}: <b>${escapeHtml(style.values[part.i])}</b><br/>` +
        `${escapeHtml(rank === null ? words.unranked : words.rank.replace("{n}", rank))} · ` +
        `${escapeHtml(style.period)} · ${escapeHtml(words.age.replace("{n}", ageText))}`,
      style: { fontSize: "12px", backgroundColor: "#263238", color: "white" },
    };
  }

  function layers() {
    const list = [];
    if (args.basemap) {
      list.push(
        new deck.TileLayer({
          id: "basemap",
          data: TILE_URL,
          minZoom: 0,
          maxZoom: 19,
          tileSize: 256,
          renderSubLayers: (props) => {
            const b = props.tile.boundingBox;
            return new deck.BitmapLayer(props, { data: null, image: props.data, bounds: [b[0][0], b[0][1], b[1][0], b[1][1]] });
          },
        })
      );
    }
    if (scope.others.length) {
      list.push(
        new deck.PolygonLayer({
          id: "other-blocks",
          data: scope.others,
          getPolygon: (d) => d.p,
          getFillColor: OTHER_RGB,
          stroked: false,
          pickable: false,
        })
      );
    }
    list.push(
      new deck.PolygonLayer({
        id: "blocks",
        data: scope.parts,
        getPolygon: (d) => d.p,
        getFillColor: colourOf,
        updateTriggers: { getFillColor: styleVersion },
        stroked: false,
        pickable: true,
        autoHighlight: true,
        highlightColor: HOVER_RGBA,
      })
    );
    const chosen = args.selected === null ? undefined : scope.index.get(args.selected);
    if (chosen !== undefined) {
      list.push(
        new deck.PolygonLayer({
          id: "selected",
          data: scope.parts.filter((part) => part.i === chosen),
          getPolygon: (d) => d.p,
          filled: false,
          stroked: true,
          getLineColor: SELECTED_RGB,
          lineWidthMinPixels: 2.5,
          pickable: false,
        })
      );
    }
    return list;
  }

  function drawLines() {
    const width = linesCanvas.clientWidth;
    const height = linesCanvas.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    linesCanvas.width = Math.round(width * ratio);
    linesCanvas.height = Math.round(height * ratio);
    const context = linesCanvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (!scope || !viewState || width === 0) return;
    const viewport = new deck.WebMercatorViewport(Object.assign({}, viewState, { width: width, height: height }));
    for (const [what, colour, lineWidth] of LINES) {
      context.beginPath();
      for (const path of scope[what]) {
        for (let k = 0; k < path.length; k++) {
          const [x, y] = viewport.project(path[k]);
          if (k === 0) context.moveTo(x, y);
          else context.lineTo(x, y);
        }
        if (what === "edges") context.closePath();
      }
      context.strokeStyle = colour;
      context.lineWidth = lineWidth;
      context.stroke();
    }
  }

  function markPainted() {
    // For tests and benchmarks: when, in epoch ms, the map last drew, and which style it drew.
    canvas.dataset.painted = String(performance.timeOrigin + performance.now());
    canvas.dataset.drawn = style ? style.key : "";
  }

  function draw(newScope) {
    status.style.display = "none";
    if (!deckgl) {
      viewState = Object.assign({}, scope.view);
      deckgl = new deck.Deck({
        canvas: canvas,
        initialViewState: scope.view,
        controller: true,
        layers: layers(),
        getTooltip: tooltip,
        getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
        onViewStateChange: (change) => {
          viewState = change.viewState;
          drawLines();
        },
        onResize: drawLines,
        onClick: (info) => {
          if (!info.object || info.object.i === undefined) return;
          value = Object.assign({}, value, { picked: scope.units[info.object.i], clicks: value.clicks + 1 });
          sendValue();
        },
        onAfterRender: markPainted,
      });
      drawLines();
      return;
    }
    const props = { layers: layers() };
    if (newScope) {
      viewState = Object.assign({}, scope.view);
      props.initialViewState = Object.assign({}, scope.view);
      drawLines();
    }
    deckgl.setProps(props);
  }

  // Ask for a scope's outlines, and again every few seconds while they have not come: the run that
  // answers an ask can be overtaken by a newer one before the page shows it.
  function ask(token) {
    waitingFor = token;
    value = Object.assign({}, value, { ask: { token: token, at: Date.now() } });
    sendValue();
    setTimeout(() => {
      if (waitingFor === token && !scopes.get(token) && args && args.token === token) ask(token);
    }, ASK_AGAIN_MS);
  }

  function render(next) {
    args = next;
    box.style.height = args.height + "px";
    post("streamlit:setFrameHeight", { height: args.height });
    if (args.geometry) {
      keep(args.token, prepare(JSON.parse(args.geometry)));
      canvas.dataset.outlines = String(Number(canvas.dataset.outlines || 0) + 1); // outlines received (tests)
      if (waitingFor === args.token) waitingFor = null;
    }
    const found = scopes.get(args.token);
    if (!found) {
      status.textContent = wordsOf(args.style).loading;
      status.style.display = "block";
      if (waitingFor !== args.token) ask(args.token);
      return;
    }
    const newScope = found !== scope;
    scope = found;
    style = args.style;
    styleVersion += 1;
    draw(newScope);
  }

  // For tests: a point (CSS pixels in this frame) that picks the given unit or, when none is given,
  // the nth unit (from 0) that can be picked at the centre of its bounding box.
  window.abpMapPoint = function (unitId, nth) {
    if (!deckgl || !scope) return null;
    const viewport = deckgl.getViewports()[0];
    let skip = nth || 0;
    for (const part of scope.parts) {
      if (unitId !== undefined && scope.units[part.i] !== unitId) continue;
      const ring = Array.isArray(part.p[0][0]) ? part.p[0] : part.p;
      const xs = ring.map((c) => c[0]);
      const ys = ring.map((c) => c[1]);
      const [x, y] = viewport.project([(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]);
      const picked = deckgl.pickObject({ x: x, y: y, layerIds: ["blocks"] });
      if (picked && picked.object && picked.object.i === part.i && skip-- === 0) {
        return { x: x, y: y, unit: scope.units[part.i] };
      }
    }
    return null;
  };

  window.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "streamlit:render") return;
    try {
      render(event.data.args);
    } catch (error) {
      // say so on the map rather than leave the last picture as if it were this one
      status.textContent = wordsOf(style).failed + " " + error.message;
      status.style.display = "block";
      console.error(error);
    }
  });
  post("streamlit:componentReady", { apiVersion: 1 });
})();

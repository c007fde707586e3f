// The word cloud: wordcloud2 on a canvas, redrawn at most once a second (every five with reduced
// motion) and only when the words or the size changed (a redraw re-lays every word, so the cloud
// would jump at 10 Hz).
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { reducedMotion } from "/static/js/motion.js";
import { accentOf } from "./parts.js";

const CLOUD_INTERVAL_MS = 1000;
const CALM_INTERVAL_MS = 5000; // with reduced motion: every re-layout moves every word
const MOST_WORDS = 150;

// Font size per count: the top word as big as fits, the rest by square root, all scaled to the area.
function fontSizes(list, width, height, dpr) {
  const top = list[0][1];
  const longest = Math.max(4, list[0][0].length);
  const biggest = Math.min(height * 0.32, (1.5 * width) / longest);
  const smallest = Math.max(15 * dpr, biggest * 0.2);
  const raw = (n) => (top > 1 ? smallest + (biggest - smallest) * Math.sqrt((n - 1) / (top - 1)) : biggest * 0.55);
  const area = list.reduce((sum, [word, n]) => sum + raw(n) ** 2 * (word.length * 0.62 + 0.6) * 1.25, 0);
  const fit = Math.min(1, Math.sqrt((0.7 * width * height) / area));
  return (n) => Math.max(12 * dpr, raw(n) * fit);
}

function paint(canvas, list, width, height, dpr) {
  // Weights are the font sizes themselves: shrinkToFit scales a word that does not fit by 3/4 until
  // minSize and then drops it. A size floor inside weightFactor made that retry forever (a stack
  // overflow) when attendees sent many long words.
  const size = fontSizes(list, width, height, dpr);
  const sized = list.map(([word, n]) => [word, size(n)]);
  const bold = new Set(list.filter(([, n]) => n >= list[0][1] * 0.5).map(([word]) => word));
  window.WordCloud(canvas, {
    list: sized,
    weightFactor: 1,
    minSize: 8 * dpr,
    gridSize: Math.round(10 * dpr),
    ellipticity: Math.min(1, height / width),
    fontFamily: getComputedStyle(document.body).fontFamily,
    fontWeight: (word) => (bold.has(word) ? "800" : "600"),
    color: (word) => accentOf(word),
    backgroundColor: "rgba(0,0,0,0)",
    rotateRatio: 0,
    shuffle: false,
    shrinkToFit: true,
    drawOutOfBound: false,
  });
}

export function cloudView() {
  const node = el("div", { class: "cloud-view" });
  // The canvas is only a picture; the words and counts are read from a visually hidden list.
  const canvas = el("canvas", { class: "cloud", "aria-hidden": "true" });
  const empty = el("p", { class: "view-empty" }, t("presenter.words_empty"));
  const text = el("ul", { class: "sr-only cloud-words", "aria-label": t("presenter.cloud_words") });
  node.append(canvas, empty, text);
  let words = {};
  let drawn = "";
  let lastDraw = 0;
  let timer = null;
  const resize = new ResizeObserver(() => schedule());
  resize.observe(node);

  function schedule() {
    if (timer) return;
    const interval = reducedMotion() ? CALM_INTERVAL_MS : CLOUD_INTERVAL_MS;
    const wait = Math.max(0, lastDraw + interval - performance.now());
    timer = setTimeout(() => {
      timer = null;
      draw();
    }, wait);
  }

  function draw() {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(node.clientWidth * dpr);
    const height = Math.round(node.clientHeight * dpr);
    const list = Object.entries(words)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MOST_WORDS);
    const signature = `${width}x${height}:${JSON.stringify(list)}`;
    empty.hidden = list.length > 0;
    text.replaceChildren(
      ...list.map(([word, n]) => el("li", { dataset: { word, count: n } }, t("presenter.cloud_word", { word, n }))),
    );
    if (!width || !height || signature === drawn || !window.WordCloud) return;
    drawn = signature;
    canvas.width = width;
    canvas.height = height;
    if (!list.length) return; // resizing the canvas cleared it; an empty cloud costs nothing
    lastDraw = performance.now();
    paint(canvas, list, width, height, dpr);
  }

  return {
    node,
    update(r) {
      words = r?.words || {};
      schedule();
    },
    destroy() {
      resize.disconnect();
      clearTimeout(timer);
      window.WordCloud?.stop?.();
    },
  };
}

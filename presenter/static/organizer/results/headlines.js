// A poll's headline figure as words. The server's poll type picks the figure (summary
// polls[].headline: {metric, value, ...}); this says what it is called and how it is written.
import { t } from "/static/js/i18n.js";
import { decimal, percent, percentText, signed } from "/static/js/numbers.js";
import { PALETTES } from "/static/presenter/screen/views/scale.js";

const dash = "–";
// a mean's label and note, as the screen's scale view writes them for the type's palette
const meanPalette = (poll) => PALETTES[poll.ui.palette] || PALETTES.stars;

function npsGroups(results) {
  const total = results?.total || 0;
  return [
    `${t("presenter.promoters")} ${percentText(percent(results?.promoters || 0, total))}`,
    `${t("presenter.detractors")} ${percentText(percent(results?.detractors || 0, total))}`,
  ].join(" · ");
}

// metric -> {label, value, suffix?, sub?, inView?}; inView: the result view shows it big already
const METRICS = {
  top_option: {
    label: () => t("results.headline.top_option"),
    value: (h) => h.value,
    sub: (h) => percentText(h.share),
  },
  top_ranked: {
    label: () => t("results.headline.top_ranked"),
    value: (h) => h.value,
    sub: (h) => t("presenter.points", { n: h.score }),
  },
  top_word: {
    label: () => t("results.headline.top_word"),
    value: (h) => h.value,
    sub: (h) => t("results.times", { n: h.count }),
  },
  answers: { label: () => t("results.headline.answers"), value: (h) => String(h.value), inView: true },
  correct_share: { label: () => t("results.headline.correct_share"), value: (h) => percentText(h.value) },
  mean: {
    label: (poll) => meanPalette(poll).label(),
    value: (h) => decimal(h.value),
    suffix: (_h, poll) => ` / ${poll.ui.max}`,
    sub: (_h, poll) => meanPalette(poll).sub(),
    inView: true,
  },
  nps: {
    label: () => t("presenter.nps"),
    value: (h) => signed(h.value),
    sub: (_h, _poll, results) => npsGroups(results),
    inView: true,
  },
  csat: {
    label: () => t("presenter.csat"),
    value: (h) => percentText(h.value),
    sub: () => t("presenter.csat_sub"),
    inView: true,
  },
};

// {label, value, suffix, sub, inView, empty} of a summary's poll entry
export function headlineOf(poll, entry) {
  const headline = entry?.headline || { metric: "answers", value: null };
  const metric = METRICS[headline.metric] || METRICS.answers;
  const empty = headline.value == null;
  return {
    metric: headline.metric,
    label: metric.label(poll),
    value: empty ? dash : metric.value(headline, poll),
    suffix: !empty && metric.suffix ? metric.suffix(headline, poll) : "",
    sub: !empty && metric.sub ? metric.sub(headline, poll, entry.results) : "",
    inView: Boolean(metric.inView),
    empty,
  };
}

const lang = document.documentElement.lang || "en";
const seconds = new Intl.NumberFormat(lang, { style: "unit", unit: "second", maximumFractionDigits: 1 });
const minutes = new Intl.NumberFormat(lang, { style: "unit", unit: "minute", maximumFractionDigits: 1 });

// A time to answer: "12.5 sec" / "12,5 s", minutes past two of them.
export function duration(ms) {
  if (ms == null) return dash;
  return ms < 120_000 ? seconds.format(ms / 1000) : minutes.format(ms / 60_000);
}

const change = new Intl.NumberFormat(lang, { style: "percent", signDisplay: "exceptZero", maximumFractionDigits: 0 });

// kept_share (answered here per 100 who answered the poll before) as a change: −20 %, +25 %.
export const changeText = (kept) => change.format((kept - 100) / 100);

export const dateText = (ms) => new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date(ms));

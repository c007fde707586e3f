// The themes of what people said (GET /api/v1/events/ID/insights), as the results page and the
// reactions gallery draw them: the event's ranked phrases, then the same for each score group side
// by side. The page hands in how one theme is drawn (a quote list there, a filter button here).
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

const GROUPS = ["promoters", "passives", "detractors"];
// The split's title and group names by the score poll's type (the server's insights.SCORE_GROUPS).
const SPLITS = {
  nps: {
    title: () => t("themes.split_title"),
    promoters: () => t("themes.promoters"),
    passives: () => t("themes.passives"),
    detractors: () => t("themes.detractors"),
    leaning: {
      promoters: () => t("themes.leaning.promoters"),
      passives: () => t("themes.leaning.passives"),
      detractors: () => t("themes.leaning.detractors"),
      mixed: () => t("themes.leaning.mixed"),
    },
  },
  csat: {
    title: () => t("themes.split_title_csat"),
    promoters: () => t("themes.satisfied"),
    passives: () => t("themes.neutral"),
    detractors: () => t("themes.unsatisfied"),
    leaning: {
      promoters: () => t("themes.leaning.satisfied"),
      passives: () => t("themes.leaning.neutral"),
      detractors: () => t("themes.leaning.unsatisfied"),
      mixed: () => t("themes.leaning.mixed"),
    },
  },
};
const SOURCE_NAMES = {
  question: () => t("themes.source.question"),
  reaction: () => t("themes.source.reaction"),
  transcript: () => t("themes.source.transcript"),
};

// "Answer to “…”", "Question", "Video transcript": where a quote was said.
export function sourceName(source, insights) {
  if (source.kind === "answer") return t("themes.source.answer", { question: insights.polls?.[source.poll_id] || "…" });
  return SOURCE_NAMES[source.kind]?.() || source.kind;
}

// How many of the people who said something said this: "40% of people".
function share(theme, context) {
  const pct = Math.round((100 * theme.people) / Math.max(1, context.people));
  const title = t("themes.share_title", { n: theme.people, total: context.people });
  return el("span", { class: "theme-share", title }, t("themes.share", { pct }));
}

// "Mostly promoters 3 1 0": the score groups of the people who said it, counted by the server.
function sentiment(theme, context) {
  const found = theme.sentiment;
  if (!found?.scored) return null;
  const names = context.names;
  const counts = GROUPS.map((name) => `${names[name]()}: ${found.groups[name] ?? 0}`).join(", ");
  const mean = new Intl.NumberFormat(document.documentElement.lang || "en").format(found.mean);
  const title = `${t("themes.sentiment_title", { n: found.scored, mean })}. ${counts}`;
  const hint = el("span", { class: "theme-sentiment", title, dataset: { leaning: found.leaning } });
  const groups = el("span", { class: "theme-groups", "aria-label": counts });
  groups.append(...GROUPS.map((name) => el("b", { dataset: { group: name } }, String(found.groups[name] ?? 0))));
  hint.append(el("span", { class: "theme-leaning" }, names.leaning[found.leaning]()), groups);
  return hint;
}

// The phrase, a bar as long as its share of the most said theme, and its count; with a context
// (the event's themes, not a score group's) the share of people and the sentiment hint below.
export function themeHead(theme, tag = "span", context = null) {
  const head = el(tag, { class: "theme-head" });
  const count = el("span", { class: "theme-count", title: t("themes.count", { n: theme.count }) }, String(theme.count));
  head.append(
    el("span", { class: "theme-phrase", lang: theme.language }, theme.phrase),
    el("span", { class: "theme-bar", "aria-hidden": "true" }),
    count,
  );
  if (context) {
    const meta = el("span", { class: "theme-meta" });
    meta.append(...[share(theme, context), sentiment(theme, context)].filter(Boolean));
    head.append(meta);
  }
  return head;
}

// What themeHead needs to say a theme's share and sentiment: everyone who said something, and
// the score groups' names by the score poll's type.
export function themeContext(insights) {
  const people = insights.people ?? insights.texts;
  return { people, names: SPLITS[insights.score_poll?.type] || SPLITS.nps };
}

export function themeList(themes, item, context = null) {
  if (!themes.length) return el("p", { class: "muted themes-none" }, t("themes.none"));
  const most = Math.max(...themes.map((theme) => theme.count));
  const list = el("ol", { class: "theme-list" });
  list.append(
    ...themes.map((theme) => {
      const node = el("li", { class: "theme", dataset: { lemma: theme.lemma, language: theme.language } });
      node.style.setProperty("--share", (theme.count / most).toFixed(3));
      node.append(item(theme, context));
      return node;
    }),
  );
  return list;
}

function groupColumn(name, group, names, item) {
  const column = el("article", { class: "score-group", dataset: { group: name } });
  const head = el("header", { class: "score-group-head" });
  head.append(
    el("h4", {}, names[name]()),
    el(
      "p",
      { class: "muted" },
      `${t("themes.people", { n: group.people })} · ${t("themes.texts", { n: group.texts })}`,
    ),
  );
  column.append(head, themeList(group.themes, item));
  return column;
}

// What promoters, passives and detractors (or the satisfied, neutral and unsatisfied) said.
function split(insights, item) {
  const box = el("div", { class: "themes-split" });
  const groups = insights.by_nps_group;
  if (!groups) {
    box.append(el("p", { class: "muted themes-no-split" }, t("themes.no_split")));
    return box;
  }
  const names = SPLITS[insights.score_poll.type] || SPLITS.nps;
  box.append(
    el("h3", {}, names.title()),
    el("p", { class: "muted small" }, t("themes.split_note", { question: insights.score_poll.question })),
  );
  const columns = el("div", { class: "score-groups" });
  columns.append(...GROUPS.map((name) => groupColumn(name, groups[name], names, item)));
  box.append(columns);
  return box;
}

// Draws the insights into `container`, unless they are the ones already drawn (a redraw would
// close what the organizer opened).
const drawn = new WeakMap(); // container -> the insights drawn in it, as JSON
export function drawInsights(container, insights, item) {
  const signature = insights && JSON.stringify(insights);
  if (!insights || drawn.get(container) === signature) return false;
  drawn.set(container, signature);
  if (insights.made_at === null && insights.computing) {
    // the first themes are being made by a job worker: not "no themes", not a missing NPS poll
    container.replaceChildren(el("p", { class: "muted themes-making", role: "status" }, t("themes.making")));
    return true;
  }
  const overall = el("div", { class: "themes-overall" });
  overall.append(themeList(insights.themes, item, themeContext(insights)));
  container.replaceChildren(overall, split(insights, item));
  return true;
}

// One answer form per poll type. Each returns { element, show(myValue), enable(open) } and calls
// send(value) when the attendee answers; audience.js owns sending and the vote status line.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

function optionButton(option, onTap, extraClass = "") {
  const button = el("button", { class: `option ${extraClass}`, type: "button", "aria-pressed": "false",
    dataset: { option: option.id } }, option.text);
  button.addEventListener("click", () => onTap(option.id, button));
  return button;
}

function pressOnly(box, chosen) {
  const set = new Set(Array.isArray(chosen) ? chosen : chosen !== undefined && chosen !== null ? [chosen] : []);
  box.querySelectorAll("[data-option]").forEach((b) => b.setAttribute("aria-pressed", String(set.has(b.dataset.option))));
}

function submitButton(label = t("audience.submit")) {
  return el("button", { class: "btn btn-primary submit", type: "button" }, label);
}

function single(poll, send) {
  const box = el("div", { class: "options", role: "group" });
  poll.options.forEach((o) => box.append(optionButton(o, (id) => { pressOnly(box, id); send(id); })));
  return { element: box, show: (mine) => pressOnly(box, mine),
    enable: (open) => box.querySelectorAll("button").forEach((b) => { b.disabled = !open; }) };
}

function multiple(poll, send) {
  const max = poll.settings.max_choices;
  const wrap = el("div", { class: "options-wrap" });
  const box = el("div", { class: "options checkboxes", role: "group" });
  const submit = submitButton();
  const picked = () => [...box.querySelectorAll('[aria-pressed="true"]')].map((b) => b.dataset.option);
  let mine = [];
  const same = () => { const now = picked(); return now.length === mine.length && now.every((id) => mine.includes(id)); };
  const refresh = () => { submit.disabled = picked().length === 0 || same(); };
  poll.options.forEach((o) => box.append(optionButton(o, (id, button) => {
    const on = button.getAttribute("aria-pressed") !== "true";
    if (on && picked().length >= max) return;
    button.setAttribute("aria-pressed", String(on));
    refresh();
  })));
  submit.addEventListener("click", () => send(picked()));
  wrap.append(box, submit);
  return { element: wrap,
    show: (value) => { mine = Array.isArray(value) ? value : []; pressOnly(box, mine); refresh(); },
    enable: (open) => { box.querySelectorAll("button").forEach((b) => { b.disabled = !open; }); submit.hidden = !open; } };
}

const SCALE_LABELS = {
  rating: ["", ""], nps: ["audience.nps.low", "audience.nps.high"],
  csat: ["audience.csat.low", "audience.csat.high"], ces: ["audience.ces.low", "audience.ces.high"],
};

function scale(poll, send) {
  const { min, max } = poll.settings;
  const stars = poll.type === "rating";
  const box = el("div", { class: `scale scale-${poll.type}`, role: "group" });
  for (let n = min; n <= max; n++) {
    const button = el("button", { class: "scale-button", type: "button", "aria-pressed": "false",
      "aria-label": String(n), dataset: { option: String(n), score: String(n) } }, stars ? "★" : String(n));
    button.addEventListener("click", () => { show(n); send(n); });
    box.append(button);
  }
  const [low, high] = SCALE_LABELS[poll.type];
  const ends = el("div", { class: "scale-ends" });
  if (low) ends.append(el("span", {}, t(low)), el("span", {}, t(high)));
  const wrap = el("div", { class: "scale-wrap" });
  wrap.append(box, ends);
  function show(value) {
    box.querySelectorAll("button").forEach((b) => {
      const n = Number(b.dataset.score);
      b.setAttribute("aria-pressed", String(n === value));
      if (stars) b.classList.toggle("lit", value !== undefined && value !== null && n <= value);
    });
  }
  return { element: wrap, show,
    enable: (open) => box.querySelectorAll("button").forEach((b) => { b.disabled = !open; }) };
}

function words(poll, send) {
  const form = el("form", { class: "words-form stack" });
  const inputs = [];
  for (let i = 0; i < poll.settings.max_entries; i++) {
    const input = el("input", { maxlength: "25", autocomplete: "off", enterkeyhint: i + 1 < poll.settings.max_entries ? "next" : "send",
      "aria-label": t("audience.word_n", { n: i + 1 }), placeholder: t("audience.word_n", { n: i + 1 }) });
    inputs.push(input);
    form.append(input);
  }
  const submit = submitButton();
  submit.type = "submit";
  form.append(submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = inputs.map((i) => i.value.trim()).filter(Boolean);
    if (value.length) send(value);
  });
  return { element: form,
    show: (mine) => { if (Array.isArray(mine)) inputs.forEach((input, i) => { input.value = mine[i] ?? ""; }); },
    enable: (open) => { inputs.forEach((i) => { i.disabled = !open; }); submit.hidden = !open; } };
}

function text(poll, send) {
  const form = el("form", { class: "text-form stack" });
  const area = el("textarea", { maxlength: "280", rows: "4", "aria-label": t("audience.your_answer"),
    placeholder: t("audience.open_placeholder") });
  const counter = el("span", { class: "counter muted" }, "0 / 280");
  area.addEventListener("input", () => { counter.textContent = `${area.value.length} / 280`; });
  const submit = submitButton();
  submit.type = "submit";
  form.append(area, counter, submit);
  form.addEventListener("submit", (event) => { event.preventDefault(); if (area.value.trim()) send(area.value); });
  return { element: form,
    show: (mine) => { if (typeof mine === "string" && !area.value) { area.value = mine; counter.textContent = `${mine.length} / 280`; } },
    enable: (open) => { area.disabled = !open; submit.hidden = !open; } };
}

// Tap-to-order: tapping options in turn numbers them 1, 2, 3…; tapping a numbered one takes it out.
// Buttons, so it works by keyboard and screen reader; the order is announced in each label.
function ranking(poll, send) {
  const wrap = el("div", { class: "ranking" });
  const box = el("div", { class: "options", role: "group", "aria-label": t("audience.rank_hint") });
  const submit = submitButton();
  const clear = el("button", { class: "btn btn-small", type: "button" }, t("audience.rank_clear"));
  let order = [];
  const draw = () => {
    box.querySelectorAll("[data-option]").forEach((b) => {
      const place = order.indexOf(b.dataset.option);
      b.dataset.place = place >= 0 ? String(place + 1) : "";
      b.setAttribute("aria-pressed", String(place >= 0));
      b.setAttribute("aria-label", place >= 0 ? `${place + 1}. ${b.textContent}` : b.textContent);
    });
    submit.disabled = order.length !== poll.options.length;
  };
  poll.options.forEach((o) => box.append(optionButton(o, (id) => {
    order = order.includes(id) ? order.filter((x) => x !== id) : [...order, id];
    draw();
  }, "rank-option")));
  clear.addEventListener("click", () => { order = []; draw(); });
  submit.addEventListener("click", () => send(order));
  const actions = el("div", { class: "row-actions" });
  actions.append(clear, submit);
  wrap.append(box, actions);
  draw();
  return { element: wrap,
    show: (mine) => { if (Array.isArray(mine)) { order = [...mine]; draw(); } },
    enable: (open) => { box.querySelectorAll("button").forEach((b) => { b.disabled = !open; });
      actions.hidden = !open; } };
}

function quiz(poll, send) {
  const box = el("div", { class: "options quiz-options", role: "group" });
  poll.options.forEach((o, i) => box.append(optionButton(o, (id) => { pressOnly(box, id); send(id); }, `quiz-${i % 4}`)));
  return { element: box,
    show: (mine) => {
      pressOnly(box, mine);
      if (mine !== undefined && mine !== null) box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    },
    enable: (open) => box.querySelectorAll("button").forEach((b) => {
      b.disabled = !open || b.parentElement.querySelector('[aria-pressed="true"]') !== null;
    }) };
}

export const FORMS = { single, multiple, rating: scale, nps: scale, csat: scale, ces: scale,
  wordcloud: words, open: text, ranking, quiz };

export function hintFor(poll) {
  switch (poll.type) {
    case "multiple": return t("audience.choose_many", { n: poll.settings.max_choices });
    case "rating": return t("audience.hint.rating", { n: poll.settings.max });
    case "nps": return t("audience.hint.nps");
    case "csat": return t("audience.hint.csat");
    case "ces": return t("audience.hint.ces");
    case "wordcloud": return t("audience.hint.wordcloud", { n: poll.settings.max_entries });
    case "open": return t("audience.hint.open");
    case "ranking": return t("audience.rank_hint");
    case "quiz": return t("audience.hint.quiz");
    default: return t("audience.choose_one");
  }
}

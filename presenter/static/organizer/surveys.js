// The event editor's "Self-paced surveys" card: make a survey from chosen polls or from the
// post-event feedback template, open it until a closing time (the organizer's own timezone, as
// the datetime-local input reads it), close it, and share the join link and QR that lead to it.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { announce, copyFrom, showError } from "./common.js";

const root = document.getElementById("surveys");
const eventId = root.dataset.eventId;
const code = root.dataset.code;
const joinUrl = new URL(`/j/${code}`, location.origin).href;
const list = root.querySelector('[data-role="survey-list"]');
const error = root.querySelector('[data-role="survey-error"]');
const lang = document.documentElement.lang || undefined;
const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
const DAY_MS = 24 * 3600 * 1000;
const STATES = {
  draft: () => t("organizer.surveys.state.draft"),
  open: () => t("organizer.surveys.state.open"),
  closed: () => t("organizer.surveys.state.closed"),
};

// A datetime-local value (local time, minutes) for an epoch ms, and back.
function localValue(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

const tomorrow = () => Math.ceil((Date.now() + DAY_MS) / 3600_000) * 3600_000;

async function run(work, done) {
  try {
    await work();
    showError(error, null);
    if (done) announce(done);
    await load();
  } catch (failure) {
    showError(error, failure);
  }
}

function surveyItem(survey) {
  const item = el("li", { class: "survey-item", dataset: { surveyId: survey.id, state: survey.state } });
  const head = el("div", { class: "survey-item-head" });
  head.append(
    el("strong", { class: "survey-item-title" }, survey.title),
    el("span", { class: "state-chip", dataset: { state: survey.state } }, STATES[survey.state]?.() ?? survey.state),
  );
  const counts = survey.counts || { started: 0, finished: 0 };
  item.append(
    head,
    el(
      "p",
      { class: "muted small", "data-role": "survey-counts" },
      t("organizer.surveys.counts", { n: survey.poll_ids.length, started: counts.started, finished: counts.finished }),
    ),
  );
  if (survey.state === "open" && survey.closes_at)
    item.append(
      el("p", { class: "small" }, t("organizer.surveys.open_until", { time: when.format(survey.closes_at) })),
    );
  const actions = el("div", { class: "survey-actions" });
  if (survey.state === "open") {
    actions.append(button(t("organizer.surveys.close"), "close", () => post(survey, "close", {})));
    item.append(actions, shareBox());
  } else {
    const input = el("input", { type: "datetime-local", "data-role": "closes-at", value: localValue(tomorrow()) });
    const label = el("label", { class: "survey-closes-label" });
    label.append(el("span", {}, t("organizer.surveys.closes_at")), input);
    const open = button(t("organizer.surveys.open"), "open", () => {
      const closesAt = new Date(input.value).getTime();
      return post(survey, "open", { closes_at: closesAt });
    });
    open.classList.add("btn-primary");
    actions.append(label, open);
    item.append(actions);
  }
  const remove = button(t("organizer.surveys.delete"), "delete", () => {
    if (!confirm(t("organizer.surveys.delete_confirm", { title: survey.title }))) return null;
    return run(() => api("DELETE", `/surveys/${survey.id}`), t("organizer.surveys.deleted"));
  });
  remove.classList.add("btn-danger", "btn-small");
  item.append(remove);
  return item;
}

function post(survey, action, body) {
  const said = t(action === "open" ? "organizer.surveys.opened" : "organizer.surveys.closed");
  return run(() => api("POST", `/surveys/${survey.id}/${action}`, body), said);
}

function button(label, action, onClick) {
  const node = el("button", { class: "btn btn-small", type: "button", "data-action": action }, label);
  node.addEventListener("click", onClick);
  return node;
}

// Where attendees answer: the event's own join link and QR (print it, put it on the last slide).
function shareBox() {
  const box = el("div", { class: "survey-share" });
  const input = el("input", { readonly: "", value: joinUrl, "aria-label": t("organizer.surveys.join_link") });
  const copy = button(t("organizer.surveys.copy"), "copy", async () => {
    await copyFrom(input);
    announce(t("organizer.surveys.copied"));
  });
  const row = el("div", { class: "survey-share-row" });
  row.append(input, copy);
  const qr = el("img", {
    class: "qr-preview",
    src: `/j/${code}/qr.svg`,
    alt: t("organizer.surveys.qr_alt"),
    width: "120",
    height: "120",
  });
  const download = el("a", { class: "btn btn-small", href: `/j/${code}/qr.png?download=1`, download: "" });
  download.textContent = t("organizer.surveys.qr_png");
  box.append(el("p", { class: "muted small" }, t("organizer.surveys.share_hint")), row, qr, download);
  return box;
}

// The polls a survey may hold: all but the quiz (which stays live), as the type's ui says.
function pollChoices(polls) {
  const box = el("fieldset", { class: "survey-polls" });
  box.append(el("legend", {}, t("organizer.surveys.pick_polls")));
  for (const poll of polls.filter((p) => !p.ui.scored)) {
    const label = el("label", { class: "check" });
    label.append(
      el("input", { type: "checkbox", name: "poll", value: poll.id }),
      document.createTextNode(` ${poll.question}`),
    );
    box.append(label);
  }
  if (box.querySelectorAll("input").length === 0)
    box.append(el("p", { class: "muted small" }, t("organizer.surveys.no_polls")));
  return box;
}

async function createForm() {
  const { polls } = await api("GET", `/events/${eventId}/polls`);
  const form = el("form", { class: "stack survey-create", "data-role": "survey-create" });
  const title = el("input", {
    name: "title",
    maxlength: "120",
    required: "",
    placeholder: t("organizer.surveys.title_placeholder"),
  });
  const titleLabel = el("label", {});
  titleLabel.append(el("span", {}, t("organizer.surveys.name")), title);
  const invite = el("label", { class: "check" });
  invite.append(
    el("input", { type: "checkbox", name: "invite_reactions", checked: "" }),
    document.createTextNode(` ${t("organizer.surveys.invite_reactions")}`),
  );
  const submit = el("button", { class: "btn btn-primary", type: "submit" }, t("organizer.surveys.create"));
  form.append(titleLabel, pollChoices(polls), invite, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const pollIds = [...form.querySelectorAll('input[name="poll"]:checked')].map((i) => i.value);
    const body = { title: title.value.trim(), poll_ids: pollIds, invite_reactions: form.invite_reactions.checked };
    run(async () => {
      await api("POST", `/events/${eventId}/surveys`, body);
      details.open = false;
    }, t("organizer.surveys.created"));
  });
  return form;
}

async function load() {
  const { surveys } = await api("GET", `/events/${eventId}/surveys`);
  list.replaceChildren(...surveys.map(surveyItem));
  list.hidden = surveys.length === 0;
}

root
  .querySelector('[data-role="from-template"]')
  .addEventListener("click", () =>
    run(
      () => api("POST", `/events/${eventId}/surveys/from-template`, { template: "post_event_feedback" }),
      t("organizer.surveys.created"),
    ),
  );
// The event's polls are read when the form opens, so polls added meanwhile are there to choose.
const details = root.querySelector('[data-role="create-details"]');
details.addEventListener("toggle", async () => {
  if (!details.open) return;
  try {
    details.querySelector('[data-role="survey-create"]')?.remove();
    details.append(await createForm());
  } catch (failure) {
    showError(error, failure);
  }
});
load().catch((failure) => showError(error, failure));

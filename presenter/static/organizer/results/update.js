// "You said, we did" on the results page: the organizer writes the update (the page's headline
// figures and top themes can be inserted), picks the polls it answers and a follow-up survey, and
// publishes it at the join link. On paper (the PDF) only its text, as attendees read it.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { errorText, t } from "/static/js/i18n.js";
import { headlineOf } from "./headlines.js";

const TOP_THEMES = 5;

function paragraphs(text) {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => el("p", { class: "update-paragraph" }, part));
}

function figuresText({ polls, summary }) {
  const byId = new Map(summary.polls.map((entry) => [entry.poll_id, entry]));
  const lines = [`${t("results.participants_label")}: ${summary.participants}`];
  for (const poll of polls) {
    const headline = headlineOf(poll, byId.get(poll.id));
    if (!headline.empty) lines.push(`${poll.question} ${headline.label}: ${headline.value}${headline.suffix}`);
  }
  return `${t("results.update.figures_heading")}\n${lines.map((line) => `- ${line}`).join("\n")}`;
}

function themesText({ insights }) {
  const themes = (insights?.themes || []).slice(0, TOP_THEMES);
  if (!themes.length) return t("themes.none");
  const lines = themes.map((theme) => `- ${theme.phrase} (${theme.count})`);
  return `${t("results.update.themes_heading")}\n${lines.join("\n")}`;
}

function insert(textarea, text) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const gap = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
  textarea.setRangeText(`${gap}${text}\n\n`, textarea.selectionStart, textarea.selectionEnd, "end");
  textarea.focus();
}

function button(label, id, onClick, kind = "") {
  const node = el("button", { class: `btn${kind ? ` ${kind}` : ""}`, type: "button", id }, label);
  node.addEventListener("click", onClick);
  return node;
}

function pollPicker(polls, chosen) {
  const box = el("fieldset", { class: "update-refs" });
  box.append(
    el("legend", {}, t("results.update.refs")),
    el("p", { class: "muted small" }, t("results.update.refs_hint")),
  );
  polls.forEach((poll, index) => {
    const input = el("input", { type: "checkbox", value: poll.id, name: "update-ref" });
    input.checked = chosen.has(poll.id);
    const label = el("label", { class: "check" });
    label.append(input, ` ${index + 1}. ${poll.question}`);
    box.append(label);
  });
  return box;
}

async function surveyPicker(eid, chosen) {
  const select = el("select", { id: "update-follow-up" });
  select.append(el("option", { value: "" }, t("results.update.no_follow_up")));
  const label = el("label", { class: "update-follow-label", for: "update-follow-up" }, t("results.update.follow_up"));
  const wrap = el("p", { class: "update-follow", hidden: "" });
  wrap.append(label, select);
  try {
    const { surveys } = await api("GET", `/events/${eid}/surveys`);
    for (const survey of surveys) select.append(el("option", { value: survey.id }, survey.title));
    select.value = chosen || "";
    wrap.hidden = surveys.length === 0 && !chosen;
  } catch {
    // no surveys here (yet): the update stands without a follow-up
  }
  return wrap;
}

function drawPrinted(container, update) {
  container.closest("section").hidden = !update;
  if (update) container.replaceChildren(...paragraphs(update.text));
}

export async function drawUpdate(container, data, eid, printing) {
  if (printing) return drawPrinted(container, data.update);
  let update = data.update;
  const textarea = el("textarea", { id: "update-text", rows: "9", maxlength: "5000" });
  textarea.value = update?.text || "";
  const state = el("p", { class: "update-state", id: "update-state" });
  const status = el("p", { class: "muted", role: "status", id: "update-status" });
  const refs = pollPicker(data.polls, new Set((update?.refs || []).map((ref) => ref.poll_id)));
  const follow = await surveyPicker(eid, update?.follow_up_survey_id);
  const publish = button("", "update-publish", () => run(() => toggle()), "btn-primary");
  const remove = button(
    t("results.update.delete"),
    "update-delete",
    () => confirm(t("results.update.delete_confirm")) && run(() => erase()),
  );

  const printed = el("div", { class: "print-only update-printed" }); // the saved text, as the PDF shows it
  function drawState() {
    printed.replaceChildren(...paragraphs(update?.text || ""));
    container.closest("section").classList.toggle("no-print", !update);
    state.textContent = !update
      ? t("results.update.none")
      : update.published
        ? t("results.update.published")
        : t("results.update.draft");
    state.dataset.published = String(Boolean(update?.published));
    publish.textContent = update?.published ? t("results.update.unpublish") : t("results.update.publish");
    remove.hidden = !update;
  }
  async function run(step) {
    try {
      await step();
      status.textContent = t("results.update.saved");
    } catch (error) {
      status.textContent = errorText(error) || t("audience.error");
    }
    drawState();
  }
  async function save() {
    const chosen = [...refs.querySelectorAll("input:checked")].map((input) => ({ poll_id: input.value }));
    const survey = follow.querySelector("select").value || null;
    update = await api("PUT", `/events/${eid}/update`, {
      text: textarea.value,
      refs: chosen,
      follow_up_survey_id: survey,
    });
  }
  async function toggle() {
    if (!update?.published) await save(); // publishes what is written now
    update = await api("POST", `/events/${eid}/update/${update.published ? "unpublish" : "publish"}`);
  }
  async function erase() {
    await api("DELETE", `/events/${eid}/update`);
    update = null;
    textarea.value = "";
  }

  const label = el("label", { for: "update-text" }, t("results.update.text"));
  const inserts = el("div", { class: "update-inserts" });
  inserts.append(
    button(t("results.update.insert_figures"), "update-insert-figures", () => insert(textarea, figuresText(data))),
    button(t("results.update.insert_themes"), "update-insert-themes", () => insert(textarea, themesText(data))),
  );
  // a theme's "Quote this in the update" (themes.js): its phrase and quote, and the poll it answers
  document.addEventListener("hetki:quote", ({ detail }) => {
    insert(textarea, t("results.update.quote", { phrase: detail.phrase, quote: detail.quote }));
    const ref = detail.pollId && refs.querySelector(`input[value="${CSS.escape(detail.pollId)}"]`);
    if (ref) ref.checked = true;
  });
  const actions = el("div", { class: "update-actions" });
  actions.append(
    button(t("results.update.save"), "update-save", () => run(save)),
    publish,
    remove,
  );
  const controls = el("div", { class: "update-controls no-print" });
  controls.append(state, label, inserts, textarea, refs, follow, actions, status);
  container.replaceChildren(controls, printed);
  drawState();
}

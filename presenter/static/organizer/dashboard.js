// The organizer's dashboard: events, their polls, links to the presenter screen and reactions.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";

const list = document.getElementById("events");
const template = document.getElementById("event-template");

async function load() {
  const { events } = await api("GET", "/events");
  if (!events.length) return;
  const cards = await Promise.all(events.map(async (e) => card(await api("GET", `/events/${e.id}`))));
  list.replaceChildren(...cards);
}

function card(event) {
  const node = template.content.firstElementChild.cloneNode(true);
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  node.dataset.eventId = event.id;
  part("title").textContent = event.title;
  part("code").textContent = event.code;
  part("present").href = event.presenter_url;
  part("reactions").href = `/events/${encodeURIComponent(event.id)}/reactions`;
  part("join").href = event.join_url;
  node.querySelectorAll('[data-role="export"]').forEach((link) => {
    link.href = `/api/v1/events/${encodeURIComponent(event.id)}/export?format=${link.dataset.format}`;
  });
  part("join").textContent = event.join_url;
  drawPolls(part("polls"), event.polls);
  part("delete").addEventListener("click", async () => {
    if (!confirm(t("organizer.delete_confirm"))) return;
    await api("DELETE", `/events/${event.id}`);
    node.remove();
  });
  const moderation = part("moderation");
  moderation.checked = event.moderation;
  moderation.addEventListener("change", () => api("PATCH", `/events/${event.id}`, { moderation: moderation.checked }));
  const form = part("poll-form");
  const showFields = () => form.querySelectorAll("[data-for]").forEach((field) => {
    field.hidden = !field.dataset.for.split(" ").includes(form.type.value);
  });
  form.type.addEventListener("change", showFields);
  showFields();
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const body = { type: form.type.value, question: form.question.value, settings: settingsOf(form) };
    if (!form.options.closest("label").hidden) {
      body.options = form.options.value.split("\n").map((s) => s.trim()).filter(Boolean);
    }
    // Locked while sending: no double submit, and nothing typed meanwhile is lost to reset().
    const fields = [...form.elements];
    fields.forEach((field) => { field.disabled = true; });
    try {
      await api("POST", `/events/${event.id}/polls`, body);
      const fresh = await api("GET", `/events/${event.id}`);
      drawPolls(part("polls"), fresh.polls);
      form.reset();
      showFields();
      part("error").textContent = "";
    } catch (error) { part("error").textContent = error.message; }
    finally { fields.forEach((field) => { field.disabled = false; }); }
  });
  return node;
}

function settingsOf(form) {
  const number = (name) => Number(form[name].value);
  switch (form.type.value) {
    case "multiple": return { max_choices: number("max_choices") };
    case "rating": return { scale: number("scale") };
    case "wordcloud": return { max_entries: number("max_entries") };
    case "quiz": return { correct: number("correct") - 1, time_limit: number("time_limit") };
    default: return {};
  }
}

function drawPolls(box, polls) {
  box.replaceChildren(...polls.map((p) => el("li", {}, `${p.question} (${uiText(p.ui.label)})`)));
  if (!polls.length) box.append(el("li", { class: "muted" }, t("organizer.no_polls")));
}

document.getElementById("new-event").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  const form = submit.target;
  await api("POST", "/events", { title: form.title.value });
  form.reset();
  await load();
});

load();

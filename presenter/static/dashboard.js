// The organizer's dashboard: events, their polls, links to the presenter screen.
import { el, t } from "/static/js/live.js";

const list = document.getElementById("events");
const template = document.getElementById("event-template");

async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) { location.href = "/login"; throw new Error("signed out"); }
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.error?.message || response.statusText);
  return data;
}

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
  part("join").href = event.join_url;
  part("join").textContent = event.join_url;
  drawPolls(part("polls"), event.polls);
  part("delete").addEventListener("click", async () => {
    if (!confirm(t("organizer.delete_confirm"))) return;
    await api("DELETE", `/events/${event.id}`);
    node.remove();
  });
  const form = part("poll-form");
  form.type.addEventListener("change", () => { part("max-choices").hidden = form.type.value !== "multiple"; });
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const options = form.options.value.split("\n").map((s) => s.trim()).filter(Boolean);
    const body = { type: form.type.value, question: form.question.value, options };
    if (form.type.value === "multiple") body.settings = { max_choices: Number(form.max_choices.value) };
    try {
      await api("POST", `/events/${event.id}/polls`, body);
      const fresh = await api("GET", `/events/${event.id}`);
      drawPolls(part("polls"), fresh.polls);
      form.reset();
      part("error").textContent = "";
    } catch (error) { part("error").textContent = error.message; }
  });
  return node;
}

function drawPolls(box, polls) {
  box.replaceChildren(...polls.map((p) => el("li", {}, `${p.question} (${t(`organizer.type.${p.type}`)})`)));
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

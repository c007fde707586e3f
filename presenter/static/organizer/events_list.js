// The organizer's events: date, state, turnout; create, open, duplicate, archive, delete, import an
// export; a search by title or code, and archived events behind "Show archived".
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { announce, dateText, showError } from "./common.js";
import { showTrend } from "./trend.js";
import { showAccess } from "./event_access.js";

const $ = (id) => document.getElementById(id);
const list = $("events");
const template = $("event-template");
const STATES = {
  draft: t("organizer.state.draft"),
  live: t("organizer.state.live"),
  ended: t("organizer.state.ended"),
};

async function load(focusId) {
  try {
    const { events } = await api("GET", "/events");
    events.sort((a, b) => b.created_at - a.created_at);
    list.replaceChildren(...events.map(item));
    $("no-events").hidden = events.length > 0;
    filter();
    showError($("error"), null);
    showTrend($("trend")); // NPS and CSAT over time, with the list it sums up
    const fresh = focusId && list.querySelector(`[data-event-id="${CSS.escape(focusId)}"]`);
    if (fresh) {
      fresh.classList.add("fresh");
      fresh.querySelector('[data-role="open"]').focus();
    }
  } catch (error) {
    showError($("error"), error);
  }
  list.setAttribute("aria-busy", "false");
}

function item(event) {
  const node = template.content.firstElementChild.cloneNode(true);
  const card = node.querySelector("article");
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  const page = `/events/${encodeURIComponent(event.id)}`;
  card.dataset.eventId = event.id;
  card.dataset.state = event.state;
  node.dataset.search = `${event.title} ${event.code}`.toLocaleLowerCase();
  node.dataset.archived = event.archived ? "1" : "";
  part("archive").textContent = t(event.archived ? "organizer.unarchive" : "organizer.archive");
  part("archive").addEventListener("click", () => archive(event, part("archive")));
  part("open").textContent = event.title;
  part("open").href = page;
  part("edit").href = page;
  part("present").href = `${page}/present`;
  part("results").href = `${page}/results`;
  part("reactions").href = `${page}/reactions`;
  part("state").textContent = STATES[event.state] ?? event.state;
  part("state").dataset.state = event.state;
  part("date").textContent = dateText(event.created_at);
  part("date").dateTime = new Date(event.created_at).toISOString();
  part("participants").textContent = t("organizer.participants", { n: event.participants });
  part("polls").textContent = t("organizer.poll_count", { n: event.polls });
  part("code").textContent = event.code;
  part("duplicate").addEventListener("click", () => duplicate(event, part("duplicate")));
  part("delete").addEventListener("click", () => remove(event, node));
  showAccess(node, event); // shared events: only what the role allows, and who has access
  return node;
}

async function duplicate(event, button) {
  button.disabled = true;
  try {
    const copy = await api("POST", `/events/${event.id}/duplicate`);
    await load(copy.id);
    announce(t("organizer.event_copied", { title: copy.title }));
  } catch (error) {
    showError($("error"), error);
    button.disabled = false;
  }
}

// Client-side: an organizer's list is tens of events, all loaded already.
function filter() {
  const words = $("event-search").value.trim().toLocaleLowerCase().split(/\s+/);
  const archived = $("show-archived").checked;
  let shown = 0;
  for (const node of list.children) {
    const visible = (archived || !node.dataset.archived) && words.every((w) => node.dataset.search.includes(w));
    node.hidden = !visible;
    shown += visible;
  }
  $("no-match").hidden = shown > 0 || list.children.length === 0;
}

async function archive(event, button) {
  button.disabled = true;
  try {
    await api("PATCH", `/events/${event.id}`, { archived: !event.archived });
    await load();
    announce(t(event.archived ? "organizer.event_unarchived" : "organizer.event_archived", { title: event.title }));
  } catch (error) {
    showError($("error"), error);
    button.disabled = false;
  }
}

$("event-search").addEventListener("input", filter);
$("show-archived").addEventListener("change", filter);

async function remove(event, node) {
  if (!confirm(t("organizer.delete_confirm", { title: event.title }))) return;
  try {
    await api("DELETE", `/events/${event.id}`);
    const next = node.nextElementSibling || node.previousElementSibling;
    node.remove();
    $("no-events").hidden = list.children.length > 0;
    (next?.querySelector('[data-role="open"]') || $("new-title")).focus();
    announce(t("organizer.event_deleted", { title: event.title }));
  } catch (error) {
    showError($("error"), error);
  }
}

$("new-event").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  const form = submit.target;
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const event = await api("POST", "/events", { title: form.title.value.trim() });
    location.href = `/events/${encodeURIComponent(event.id)}`; // straight to its polls
  } catch (error) {
    showError($("error"), error);
    button.disabled = false;
  }
});

$("import-file").addEventListener("change", async (change) => {
  const input = change.target;
  const file = input.files[0];
  input.value = ""; // the same file can be chosen again after a fix
  if (!file) return;
  let exported;
  try {
    exported = JSON.parse(await file.text());
  } catch {
    $("error").textContent = t("organizer.import_not_json");
    return;
  }
  try {
    const event = await api("POST", "/events/import", exported);
    await load(event.id);
    announce(t("organizer.event_imported", { title: event.title }));
  } catch (error) {
    showError($("error"), error);
  }
});

load();

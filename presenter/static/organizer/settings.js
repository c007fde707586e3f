// An event's settings: title, the attendees' language, its previous edition, results, moderation of questions and of
// open answers, reactions; the join link and QR code, and the presenter link (open it or the
// moderator console beside it, copy, or make a new one, revoking the old).
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { announce, copyFrom, dateText, showError } from "./common.js";

const $ = (id) => document.getElementById(id);
const eventId = $("settings").dataset.eventId;
const form = $("settings-form");
const status = $("save-status");
const previous = $("previous-event");

// The "Previous edition" choices: the organizer's other events, newest first. Until they have come
// the save leaves the link as it is rather than clear it.
async function loadEditions() {
  const { events } = await api("GET", "/events");
  for (const other of events) {
    if (other.id === eventId || other.role !== "owner") continue; // editions are the organizer's own
    previous.append(new Option(`${other.title} (${dateText(other.created_at)})`, other.id));
  }
  previous.value = previous.dataset.current;
  previous.dataset.loaded = "true";
}

function previousEdition() {
  return previous.dataset.loaded ? { previous_event_id: previous.value || null } : {};
}

loadEditions().catch((error) => showError($("save-error"), error));

form.addEventListener("submit", async (submit) => {
  submit.preventDefault();
  if (!form.reportValidity()) return;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  status.textContent = "";
  try {
    const event = await api("PATCH", `/events/${eventId}`, {
      title: form.title.value.trim(),
      language: form.language.value,
      second_language: form.second_language.value,
      show_results: form.show_results.checked,
      moderate_questions: form.moderate_questions.checked,
      moderate_answers: form.moderate_answers.checked,
      reaction_limit: Number(form.reaction_limit.value),
      retention_days: Number(form.retention_days.value),
      ...previousEdition(),
    });
    $("event-title").textContent = event.title;
    document.title = document.title.replace(/^[^·]*·/, `${event.title} ·`);
    status.textContent = t("organizer.saved");
    announce(t("organizer.saved"));
    showError($("save-error"), null);
  } catch (error) {
    showError($("save-error"), error);
  } finally {
    button.disabled = false;
  }
});

form.addEventListener("input", () => {
  status.textContent = "";
});

document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    await copyFrom($(button.dataset.copy));
    button.textContent = t("organizer.copied");
    announce(t("organizer.copied"));
    setTimeout(() => {
      button.textContent = t("organizer.copy");
    }, 2000);
  });
});

$("rotate").addEventListener("click", async () => {
  if (!confirm(t("organizer.settings.rotate_confirm"))) return;
  try {
    const event = await api("POST", `/events/${eventId}/presenter-key`);
    $("presenter-url").value = event.presenter_url;
    $("presenter-open").href = event.presenter_url;
    $("moderator-open").href = `${event.presenter_url}/moderate`;
    showError($("link-error"), null);
    $("link-status").textContent = t("organizer.settings.rotated");
    announce(t("organizer.settings.rotated"));
  } catch (error) {
    showError($("link-error"), error);
  }
});

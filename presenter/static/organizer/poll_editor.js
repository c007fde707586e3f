// The event's poll editor: the list of polls (edit in place, copy, delete, reorder) and a form to
// add one. The server decides what is allowed (a live poll, a poll with answers); its refusals show.
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { announce, showError } from "./common.js";
import { pollCard, renumber } from "./poll_card.js";
import { pollForm } from "./poll_form.js";
import { reorderable } from "./reorder.js";

const $ = (id) => document.getElementById(id);
const eventId = $("editor").dataset.eventId;
const editor = JSON.parse($("editor-data").textContent);
const list = $("polls");
const error = $("error");
let polls = new Map(); // id → poll
let answered = {}; // poll id → how many answered

async function load() {
  try {
    const [{ polls: all }, summary] = await Promise.all([
      api("GET", `/events/${eventId}/polls`),
      api("GET", `/events/${eventId}/summary`).catch(() => ({ polls: [] })),
    ]);
    answered = Object.fromEntries(summary.polls.map((p) => [p.poll_id, p.answered]));
    polls = new Map(all.map((poll) => [poll.id, poll]));
    list.replaceChildren(...all.map((poll) => pollCard(poll, answered[poll.id])));
    changed();
    showError(error, null);
  } catch (failure) {
    showError(error, failure);
  }
  list.setAttribute("aria-busy", "false");
}

function changed() {
  renumber(list);
  $("no-polls").hidden = list.children.length > 0;
  $("poll-count").textContent = list.children.length || "";
}

const cardOf = (id) => list.querySelector(`[data-poll-id="${CSS.escape(id)}"]`);

function replaceCard(poll, focus) {
  polls.set(poll.id, poll);
  const fresh = pollCard(poll, answered[poll.id]);
  cardOf(poll.id).replaceWith(fresh);
  changed();
  fresh.querySelector(`[data-action="${focus}"]`)?.focus();
  return fresh;
}

function edit(card) {
  const poll = polls.get(card.dataset.pollId);
  const box = card.querySelector(".poll-edit");
  const form = pollForm({
    editor,
    poll,
    onSubmit: async (body) => {
      const saved = await api("PATCH", `/polls/${poll.id}`, body);
      replaceCard(saved, "edit");
      announce(t("organizer.poll_saved"));
    },
    onCancel: () => {
      box.hidden = true;
      box.replaceChildren();
      card.classList.remove("editing");
      card.querySelector('[data-action="edit"]').focus();
    },
  });
  if (answered[poll.id]) form.element.prepend(note(t("organizer.has_answers_note")));
  box.replaceChildren(form.element);
  box.hidden = false;
  card.classList.add("editing");
  form.focus();
}

function note(text) {
  const p = document.createElement("p");
  p.className = "note";
  p.textContent = text;
  return p;
}

async function duplicate(card) {
  try {
    const copy = await api("POST", `/polls/${card.dataset.pollId}/duplicate`);
    polls.set(copy.id, copy);
    const fresh = pollCard(copy, 0);
    card.after(fresh); // the server puts the copy right after its original too
    changed();
    fresh.querySelector('[data-action="edit"]').focus();
    announce(t("organizer.poll_copied", { n: [...list.children].indexOf(fresh) + 1 }));
  } catch (failure) {
    showError(error, failure);
  }
}

async function remove(card) {
  const poll = polls.get(card.dataset.pollId);
  if (!confirm(t("organizer.delete_poll_confirm", { question: poll.question }))) return;
  try {
    await api("DELETE", `/polls/${poll.id}`);
    const next = card.nextElementSibling || card.previousElementSibling;
    card.remove();
    polls.delete(poll.id);
    changed();
    (next?.querySelector('[data-action="handle"]') || $("add-poll").querySelector("input, select")).focus();
    announce(t("organizer.poll_deleted"));
    showError(error, null);
  } catch (failure) {
    showError(error, failure);
  }
}

list.addEventListener("click", (click) => {
  const button = click.target.closest("[data-action]");
  const card = button?.closest("li.poll-card");
  if (!card || button.disabled) return;
  const action = button.dataset.action;
  if (action === "edit") edit(card);
  else if (action === "duplicate") duplicate(card);
  else if (action === "delete") remove(card);
});

// Saved at once, one request at a time (two in flight could land out of order), each sending the
// list as it is when it goes. The aria-live region says where the poll is now; a refusal reloads.
let saving = Promise.resolve();
reorderable(list, (_card, position) => {
  renumber(list);
  announce(t("organizer.moved", { n: position, total: list.children.length }));
  saving = saving.then(async () => {
    try {
      await api("PUT", `/events/${eventId}/poll-order`, { poll_ids: [...list.children].map((c) => c.dataset.pollId) });
      showError(error, null);
    } catch (failure) {
      showError(error, failure);
      await load();
    }
  });
});

const adder = pollForm({
  editor,
  onSubmit: async (body) => {
    const poll = await api("POST", `/events/${eventId}/polls`, body);
    polls.set(poll.id, poll);
    list.append(pollCard(poll, 0));
    changed();
    adder.reset();
    adder.focus();
    announce(t("organizer.poll_added", { n: list.children.length }));
  },
});
$("add-poll").append(adder.element);

load();

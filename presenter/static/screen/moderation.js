// Moderation seen from the screen: only how many questions and open answers wait, on the Moderate
// link to the moderator console (key M), which lists them; the projector never shows them. Also
// the word cloud's filtered words (key H; the console has a button).
import { act, $, store } from "./state.js";

function waiting() {
  const { poll, results, questions } = store;
  const items = poll?.ui.view === "wall" ? results?.items || [] : [];
  return [...questions, ...items].filter((item) => item.state === "pending").length;
}

let drawn = -1;

export function drawModeration() {
  const pending = waiting();
  if (pending === drawn) return; // results arrive up to 10 times a second
  drawn = pending;
  $("pending-badge").hidden = !pending;
  $("pending-badge").textContent = String(pending);
}

// The console in its own window (one, reused), for a second screen or the presenter's laptop.
export function openConsole() {
  window.open($("moderate-link").href, "hetki-moderator", "noopener");
}

export async function toggleProfanity() {
  const { poll } = store;
  if (poll?.ui.view !== "cloud") return;
  const show = !poll.settings.show_profanity;
  const ack = await act("moderate", { poll_id: poll.id, action: show ? "show_profanity" : "hide_profanity" });
  // the server sends new results but no `poll`, so the setting is tracked here
  if (ack.ok) poll.settings.show_profanity = show;
}

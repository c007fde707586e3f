// The organizer's reactions gallery: posters that play in place with captions, transcripts,
// moderation, filters and search, the themes of what people said, the open/close switch.
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { makeCards } from "./gallery_cards.js";
import { makeThemes } from "./gallery_themes.js";

const $ = (id) => document.getElementById(id);
const eid = $("gallery").dataset.eventId;
const base = `/events/${encodeURIComponent(eid)}/reactions`;
const reactionsApi = (method, path = "", body) => api(method, base + path, body); // under /api/v1
const toggle = $("toggle");
const WORKING = new Set(["queued", "transcribing"]);
const FOLLOW_MS = 5000; // while transcripts are being made, the list is read again this often

let reactions = []; // newest first
let filter = "all";
let words = []; // the search, lower-cased words that must all appear
let isOpen = false;
let followTimer = null;
let linkShown = false;

const cards = makeCards(eid, moderate);
const themes = makeThemes(eid, render);

function showError(error) {
  $("error").textContent = error ? t("gallery.error", { message: error.message }) : "";
}

async function load() {
  clearTimeout(followTimer);
  try {
    const data = await reactionsApi("GET");
    showSettings(data);
    reactions = data.reactions.slice().sort((a, b) => b.created_at - a.created_at);
    showError(null);
    render();
    showLinked();
    const working = data.queue?.depth > 0 || reactions.some((r) => WORKING.has(r.transcript_state));
    if (working) followTimer = setTimeout(load, FOLLOW_MS);
    await themes.load();
  } catch (error) {
    showError(error);
  }
}

function showSettings({ open, limit_seconds: seconds, retention_days: days, queue }) {
  isOpen = open;
  $("settings").dataset.open = open;
  $("state-text").textContent = t(open ? "gallery.state_open" : "gallery.state_closed");
  $("limits").textContent = t("gallery.limits", { n: seconds, days });
  const depth = queue?.depth;
  $("queue").hidden = typeof depth !== "number";
  $("queue").textContent = typeof depth === "number" ? t("gallery.queue", { n: depth }) : "";
  toggle.textContent = t(open ? "gallery.close" : "gallery.open");
  toggle.classList.toggle("btn-primary", !open);
  toggle.disabled = false;
}

toggle.addEventListener("click", async () => {
  toggle.disabled = true;
  try {
    showSettings(await reactionsApi("POST", isOpen ? "/close" : "/open"));
    showError(null);
  } catch (error) {
    toggle.disabled = false;
    showError(error);
  }
});

function matches(reaction) {
  if (filter !== "all" && reaction.status !== filter) return false;
  if (!themes.allows(reaction.id)) return false;
  if (!words.length) return true;
  const said = `${reaction.text || ""}\n${reaction.transcript || ""}`.toLocaleLowerCase();
  return words.every((word) => said.includes(word));
}

function render() {
  const counts = { all: reactions.length, pending: 0, approved: 0, rejected: 0 };
  reactions.forEach((r) => {
    counts[r.status] = (counts[r.status] || 0) + 1;
  });
  document.querySelectorAll("[data-count]").forEach((span) => {
    span.textContent = counts[span.dataset.count];
  });
  $("empty").hidden = reactions.length > 0;
  $("body").hidden = reactions.length === 0;

  const shown = reactions.filter(matches);
  const videos = shown.filter((r) => r.kind === "video");
  const texts = shown.filter((r) => r.kind !== "video");
  $("videos").replaceChildren(...videos.map((r) => cards.cardFor(r)));
  $("texts").replaceChildren(...texts.map((r) => cards.cardFor(r)));
  $("video-count").textContent = videos.length;
  $("text-count").textContent = texts.length;
  $("no-videos").hidden = videos.length > 0;
  $("no-texts").hidden = texts.length > 0;
  $("no-match").hidden = shown.length > 0 || reactions.length === 0 || (!words.length && !themes.active());
  cards.keepOnly(new Set(reactions.map((r) => r.id)));
}

// A link from the results page's themes (#reaction-ID): that card, scrolled to and marked, once.
function showLinked() {
  const target = !linkShown && location.hash.startsWith("#reaction-") ? $(location.hash.slice(1)) : null;
  if (!target) return;
  linkShown = true;
  target.classList.add("linked");
  target.scrollIntoView({ block: "center" });
}

async function moderate(node, id, status) {
  const buttons = node.querySelectorAll("[data-action]");
  buttons.forEach((button) => {
    button.disabled = true;
  });
  try {
    const fresh = await reactionsApi("PATCH", `/${encodeURIComponent(id)}`, { status });
    reactions = reactions.map((r) => (r.id === id ? { ...r, ...fresh } : r));
    showError(null);
  } catch (error) {
    showError(error);
  }
  render();
}

document.querySelectorAll("[data-filter]").forEach((chip) => {
  chip.addEventListener("click", () => {
    filter = chip.dataset.filter;
    document.querySelectorAll("[data-filter]").forEach((other) => {
      other.setAttribute("aria-pressed", other === chip);
    });
    render();
  });
});
$("search").addEventListener("input", (event) => {
  words = event.target.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  render();
});
$("refresh").addEventListener("click", load);

load();

// One card per reaction, made once and then updated in place, so that a video that plays keeps
// playing: the poster that becomes the player (with its captions), what was written, the transcript
// and its state, the moderation buttons.
import { el } from "/static/js/dom.js";
import { clock } from "/static/js/format.js";
import { t } from "/static/js/i18n.js";

const templates = { video: document.getElementById("video-template"), text: document.getElementById("text-template") };
const dates = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  day: "numeric",
  month: "short",
  hour: "numeric",
  minute: "2-digit",
});
const STATUS = {
  pending: () => t("gallery.status.pending"),
  approved: () => t("gallery.status.approved"),
  rejected: () => t("gallery.status.rejected"),
};
const TRANSCRIPT_STATES = {
  queued: () => t("gallery.transcript_state.queued"),
  transcribing: () => t("gallery.transcript_state.transcribing"),
  off: () => t("gallery.transcript_state.off"),
};

const hasCaptions = (reaction) => reaction.transcript_state === "done" && Boolean(reaction.transcript);

function captionTrack(eid, reaction) {
  const src =
    reaction.captions_url ||
    `/api/v1/events/${encodeURIComponent(eid)}/reactions/${encodeURIComponent(reaction.id)}/captions.vtt`;
  return el("track", {
    kind: "captions",
    src,
    srclang: reaction.transcript_language || document.documentElement.lang || "en",
    label: t("gallery.captions"),
    default: "",
  });
}

function transcriptState(reaction) {
  const state = reaction.transcript_state;
  if (state === "failed") return t("gallery.transcript_state.failed", { reason: reaction.transcript_reason || "?" });
  if (state === "done") return reaction.transcript ? "" : t("gallery.transcript_empty");
  // no live worker has it: said, instead of "Transcribing…" for good (the server starts its own again)
  if (reaction.waiting_for_worker) return t("gallery.transcript_state.waiting_for_worker");
  if (state === "transcribing" && Number.isInteger(reaction.transcript_progress)) {
    return t("gallery.transcript_state.transcribing_progress", { percent: reaction.transcript_progress });
  }
  return TRANSCRIPT_STATES[state]?.() || "";
}

function showTranscript(part, reaction) {
  const box = part("transcript-box");
  box.hidden = !reaction.transcript_state;
  if (box.hidden) return;
  box.dataset.state = reaction.transcript_state;
  const state = part("transcript-state");
  state.textContent = transcriptState(reaction);
  state.hidden = !state.textContent;
  const words = part("transcript");
  words.textContent = reaction.transcript_state === "done" ? reaction.transcript || "" : ""; // attendee speech: text only
  words.hidden = !words.textContent;
  if (reaction.transcript_language) words.lang = reaction.transcript_language;
}

// Swaps the poster for the video itself, started by the same click so sound is allowed.
function play(eid, button, reaction) {
  const video = el("video", {
    controls: "",
    autoplay: "",
    playsinline: "",
    preload: "auto",
    poster: reaction.poster_url,
    src: reaction.video_url,
  });
  if (hasCaptions(reaction)) video.append(captionTrack(eid, reaction));
  video.addEventListener(
    "error",
    () => {
      const failed = el("div", { class: "video-error" }, t("gallery.cannot_play"));
      failed.append(el("a", { href: reaction.video_url, download: "" }, t("gallery.download_video")));
      video.replaceWith(failed);
    },
    { once: true },
  );
  button.closest(".poster-frame").classList.add("playing");
  button.replaceWith(video);
  video.focus();
  video.play().catch(() => {}); // a refused autoplay leaves the controls to the organizer
}

function create(eid, reaction, moderate) {
  const kind = reaction.kind === "video" ? "video" : "text";
  const node = templates[kind].content.firstElementChild.cloneNode(true);
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  node.id = `reaction-${reaction.id}`; // the results page's themes link here
  node.dataset.reactionId = reaction.id;
  node.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => moderate(node, reaction.id, button.dataset.action));
  });
  if (kind === "video") {
    const duration = clock(reaction.duration);
    const poster = part("poster");
    poster.addEventListener("error", () => part("frame").classList.add("no-poster"), { once: true });
    if (reaction.width && reaction.height) {
      poster.width = reaction.width;
      poster.height = reaction.height;
    }
    poster.src = reaction.poster_url;
    part("duration").textContent = duration;
    part("play").setAttribute("aria-label", t("gallery.play", { d: duration }));
    part("play").addEventListener("click", () => play(eid, part("play"), node.reaction));
  }
  return node;
}

function update(eid, node, reaction) {
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  node.reaction = reaction;
  node.dataset.status = reaction.status;
  part("status").textContent = STATUS[reaction.status]?.() ?? reaction.status;
  part("status").dataset.status = reaction.status;
  const when = new Date(reaction.created_at);
  part("date").dateTime = when.toISOString();
  part("date").textContent = dates.format(when);
  part("text").textContent = reaction.text || ""; // attendee text: never parsed as HTML
  part("text").hidden = !reaction.text;
  node.querySelectorAll("[data-action]").forEach((button) => {
    button.disabled = button.dataset.action === reaction.status;
    button.setAttribute("aria-pressed", button.dataset.action === reaction.status);
  });
  if (reaction.kind !== "video") return;
  showTranscript(part, reaction);
  const video = node.querySelector("video"); // playing already: captions that arrived since join it
  if (video && hasCaptions(reaction) && !video.querySelector("track")) video.append(captionTrack(eid, reaction));
}

export function makeCards(eid, moderate) {
  const cards = new Map(); // reaction id -> its card
  return {
    cardFor(reaction) {
      let node = cards.get(reaction.id);
      if (!node) {
        node = create(eid, reaction, moderate);
        cards.set(reaction.id, node);
      }
      update(eid, node, reaction);
      return node;
    },
    keepOnly(ids) {
      for (const id of cards.keys()) if (!ids.has(id)) cards.delete(id);
    },
  };
}

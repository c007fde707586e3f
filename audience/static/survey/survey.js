// The self-paced survey on the phone: one question at a time, drawn by its type's own form, with
// Back / Next (Skip while unanswered) and a thank-you at the end. Answers go through their own
// outbox (the live vote path: latest intent, exactly once by client_vote_id, kept across a reload
// and time offline); every move tells the server where the attendee is, so a reload resumes there.
import { announce } from "/static/js/announce.js";
import { el } from "/static/js/dom.js";
import { errorText, t } from "/static/js/i18n.js";
import { emitWithRetry, randomId } from "/static/js/socket.js";
import { FORMS, hintFor } from "../forms/index.js";
import { voteOutbox } from "../outbox.js";
import { closingText, progressBar, thanksCard } from "./parts.js";

// `~` keeps these keys out of the live outbox's prefix (hetki.outbox.CODE.), whose resume drops
// every vote that is not for the live poll.
const outboxName = (code) => `${code}~survey`;

// onChange(): a survey opened or closed; the page draws it (or the live poll) again.
export function surveyPanel(socket, app, code, onChange) {
  const outbox = voteOutbox(socket, outboxName(code), { onAck: answered, onWait: waiting });
  let survey = null; // the open survey as the server sent it, or null
  let position = 0;
  let answers = {}; // poll id → my acknowledged value
  let card = null; // the drawn question or thank-you card, while it is on the page
  let form = null;
  let closesAt = null; // performance.now() at the closing time
  let closeTimer = null;

  const current = () => survey.polls[position];
  const finished = () => Boolean(survey?.progress?.finished_at);
  const expired = () => closesAt !== null && performance.now() >= closesAt;
  const mine = (pollId) => outbox.pending(pollId)?.value ?? answers[pollId];
  const part = (role) => card.querySelector(`[data-role="${role}"]`);

  // The survey in a `state` (or null). The same survey keeps the phone's own position (it may be
  // ahead of the server's after time offline) and sends it again; a new one starts where the
  // server says this participant left it.
  function setState(next) {
    const same = survey && next && survey.id === next.id;
    survey = next || null;
    clearTimeout(closeTimer);
    if (!survey) {
      card = null;
      return;
    }
    answers = { ...(survey.answers || {}) };
    if (!same) position = Math.min(Math.max(0, survey.progress?.position ?? 0), survey.polls.length - 1);
    closesAt = typeof survey.remaining_ms === "number" ? performance.now() + survey.remaining_ms : null;
    if (closesAt !== null) closeTimer = setTimeout(closed, Math.max(0, survey.remaining_ms) + 50);
    for (const poll of survey.polls) {
      const pending = outbox.pending(poll.id);
      if (pending) outbox.send(pending); // the same client_vote_id: the server counts it once
    }
    if (same && !finished()) progress();
  }

  // Draws the survey into the page; false when there is none to answer.
  function draw() {
    if (!survey?.polls.length) return false;
    if (finished()) {
      card = thanksCard(survey);
      form = null;
      app.replaceChildren(card);
      return true;
    }
    if (!survey.progress) {
      // seen for the first time: the attendee has started it (the funnel counts from here)
      survey.progress = { position, started_at: Date.now() };
      progress();
    }
    card = questionCard();
    app.replaceChildren(card);
    drawState();
    return true;
  }

  function questionCard() {
    const poll = current();
    const total = survey.polls.length;
    const box = el("section", { class: "card poll survey", dataset: { position: String(position), type: poll.type } });
    const question = el("h1", { class: "question", "data-role": "question", tabindex: "-1" }, poll.question);
    const formBox = el("div", { "data-role": "form" });
    form = FORMS[poll.ui.form](poll, (value) => send(poll, value));
    formBox.append(form.element);
    const back = el("button", { class: "btn", type: "button", "data-role": "back" }, t("audience.survey.back"));
    const next = el("button", { class: "btn btn-primary", type: "button", "data-role": "next" });
    back.disabled = position === 0;
    back.addEventListener("click", () => go(position - 1));
    next.addEventListener("click", () => (position + 1 < total ? go(position + 1) : finish()));
    box.append(
      el("p", { class: "survey-title", "data-role": "survey-title" }, survey.title),
      closingText(survey.closes_at),
      progressBar(position + 1, total),
      question,
      el("p", { class: "hint", "data-role": "hint" }, hintFor(poll)),
      formBox,
      el("p", { class: "vote-status", "data-role": "status" }),
      el("div", { class: "survey-nav" }),
    );
    box.querySelector(".survey-nav").append(back, next);
    return box;
  }

  function drawState() {
    if (!card || finished()) return;
    const poll = current();
    const open = poll.state === "open" && !expired();
    const value = mine(poll.id);
    form.show(value);
    form.enable(open);
    const last = position + 1 === survey.polls.length;
    const has = value !== undefined && value !== null;
    const next = part("next");
    next.textContent = last
      ? t(has ? "audience.survey.finish" : "audience.survey.skip_finish")
      : t(has ? "audience.survey.next" : "audience.survey.skip");
    next.dataset.answered = String(has);
    const status = part("status");
    if (!open) setStatus(t("audience.survey.closed"), "closed");
    else if (outbox.pending(poll.id))
      setStatus(socket.connected ? t("audience.sending") : t("audience.retrying"), "waiting");
    else if (has && status.dataset.kind !== "error") setStatus(`✓ ${t("audience.voted")}`, "ok");
    else if (!has) setStatus("", "");
  }

  function setStatus(text, kind) {
    const node = part("status");
    node.textContent = text;
    node.dataset.kind = kind;
  }

  function send(poll, value) {
    outbox.send({ poll_id: poll.id, value, client_vote_id: randomId() });
    drawState();
  }

  function answered(vote, ack) {
    if (ack.ok) answers[vote.poll_id] = vote.value;
    if (!card || finished() || current().id !== vote.poll_id) return;
    if (ack.ok) {
      delete part("status").dataset.kind;
      drawState();
      announce(t("audience.voted"));
    } else {
      drawState(); // the refused answer is no longer shown as mine
      setStatus(`${t("audience.error")}: ${errorText(ack.error)}`, "error");
    }
  }

  function waiting(vote) {
    if (card && !finished() && current().id === vote.poll_id) setStatus(t("audience.retrying"), "waiting");
  }

  function go(next) {
    position = next;
    progress();
    draw();
    part("question").focus();
    announce(t("audience.survey.progress", { n: position + 1, total: survey.polls.length }));
  }

  // Where the attendee is now; a phone offline sends it again with the next `state`.
  function progress() {
    if (socket.connected) socket.emit("survey_progress", { survey_id: survey.id, position });
  }

  async function finish() {
    const id = survey.id;
    setStatus(t("audience.sending"), "sending");
    part("next").disabled = true;
    const ack = await emitWithRetry(socket, "survey_finish", { survey_id: id });
    if (survey?.id !== id) return;
    if (!ack.ok) {
      setStatus(`${t("audience.error")}: ${errorText(ack.error)}`, "error");
      part("next").disabled = false;
      return;
    }
    survey.progress = { ...survey.progress, finished_at: ack.finished_at, ticket: ack.ticket };
    draw();
    card.querySelector("h1").focus();
    announce(t("audience.survey.thanks"));
  }

  function closed() {
    if (card && app.contains(card)) drawState();
  }

  // Opened or closed for the whole event: this phone's own answers and place come with a fresh state.
  socket.on("survey", async () => {
    const ack = await emitWithRetry(socket, "sync", {}, { tries: 3 });
    if (!ack.ok) return;
    setState(ack.state.survey);
    onChange();
  });

  return {
    setState,
    draw,
    // answering it: the page shows the survey when no poll is live
    get active() {
      return Boolean(survey?.polls?.length);
    },
  };
}

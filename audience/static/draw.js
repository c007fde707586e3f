// The thank-you draw on a phone: every phone hears the winning ticket (`draw`) and asks the server
// whether it holds it (`draw_outcome`: its own ticket, and whether it won); a phone that did not
// finish the survey has no ticket and shows nothing. Kept in localStorage so a reload still says it.
import { announce } from "/static/js/announce.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { emitWithRetry } from "/static/js/socket.js";

export function drawNotice(socket, before, code) {
  const key = `hetki.draw.${code}`;
  const card = el("section", {
    class: "card draw-notice",
    id: "draw-notice",
    "aria-labelledby": "draw-notice-title",
    hidden: "",
  });
  before.before(card);

  function show(outcome) {
    if (!outcome?.mine) return;
    card.dataset.won = String(outcome.won);
    const title = outcome.won ? t("audience.draw.won") : t("audience.draw.title");
    const lines = outcome.won
      ? [el("p", { class: "draw-mine" }, t("audience.draw.your_ticket", { ticket: outcome.mine }))]
      : [
          el("p", { class: "draw-winning" }, t("audience.draw.winning_ticket", { ticket: outcome.ticket })),
          el("p", { class: "muted" }, t("audience.draw.your_ticket", { ticket: outcome.mine })),
        ];
    card.replaceChildren(el("h2", { id: "draw-notice-title" }, title), ...lines);
    card.hidden = false;
    announce(outcome.won ? title : t("audience.draw.winning_ticket", { ticket: outcome.ticket }));
  }

  try {
    show(JSON.parse(localStorage.getItem(key) || "null"));
  } catch {
    localStorage.removeItem(key);
  }

  socket.on("draw", async (draw) => {
    const ack = await emitWithRetry(
      socket,
      "draw_outcome",
      { survey_id: draw.survey_id, draw_id: draw.id },
      { tries: 3 },
    );
    if (!ack.ok || !ack.outcome?.mine) return;
    localStorage.setItem(key, JSON.stringify(ack.outcome));
    show(ack.outcome);
  });
  socket.on("event_deleted", () => {
    localStorage.removeItem(key);
    card.remove();
  });
}

// "You said, we did": the organizer's update, drawn first on the phone while no poll is open. Its
// text is organizer text set as textContent (paragraphs by blank lines); "What you said" holds this
// phone's own answers only, as the server sends them to this participant alone.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

export function updatePanel(section, code) {
  let update = null;
  let poll = null;

  function draw() {
    const shown = Boolean(update) && (!poll || poll.state === "closed");
    section.hidden = !shown;
    if (!shown) return;
    const paragraphs = update.text
      .split(/\n\s*\n/)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text) => el("p", { class: "update-paragraph" }, text));
    const parts = [el("h1", { class: "update-title", id: "update-title" }, t("audience.update.title")), ...paragraphs];
    if (update.mine.length) {
      const list = el("ul", { class: "update-mine-list" });
      for (const item of update.mine) {
        const li = el("li");
        li.append(el("span", { class: "update-question" }, item.question), el("q", {}, item.answer));
        list.append(li);
      }
      const mine = el("div", { class: "update-mine" });
      mine.append(
        el("h2", {}, t("audience.update.mine")),
        list,
        el("p", { class: "muted small" }, t("audience.update.mine_note")),
      );
      parts.push(mine);
    }
    if (update.follow_up_survey_id) {
      const href = `/j/${encodeURIComponent(code)}?survey=${encodeURIComponent(update.follow_up_survey_id)}`;
      parts.push(el("a", { class: "btn btn-primary update-follow-up", href }, t("audience.update.follow_up")));
    }
    section.replaceChildren(...parts);
  }

  return {
    // the update from the phone's state (null: none published)
    setState(next) {
      update = next || null;
      draw();
    },
    // the live poll: while one is open (or in a quiz lobby) it comes first, the update waits
    setPoll(next) {
      poll = next || null;
      draw();
    },
  };
}

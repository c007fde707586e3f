// One option, sent as soon as it is tapped.
import { el } from "/static/js/dom.js";
import { enableButtons, optionButton, pressOnly } from "./parts.js";

export function choice(poll, send) {
  const box = el("div", { class: "options", role: "group" });
  poll.options.forEach((o) =>
    box.append(
      optionButton(o, (id) => {
        pressOnly(box, id);
        send(id);
      }),
    ),
  );
  return { element: box, show: (mine) => pressOnly(box, mine), enable: (open) => enableButtons(box, open) };
}

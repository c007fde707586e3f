// The phone's answer forms by `poll.ui.form` (see server/domain/poll_types.py). Each form is
// form(poll, send) → { element, show(myValue), enable(open) } and calls send(value) when the
// attendee answers; audience.js owns sending and the vote status line.
import { uiText } from "/static/js/i18n.js";
import { choice } from "./choice.js";
import { choices } from "./choices.js";
import { quiz } from "./quiz.js";
import { ranking } from "./ranking.js";
import { scale } from "./scale.js";
import { text } from "./text.js";
import { words } from "./words.js";

export const FORMS = { choice, choices, scale, words, text, ranking, quiz };

// The one-line instruction above the form, as the poll's type describes it.
export function hintFor(poll) {
  return uiText(poll.ui.hint.key, { n: poll.ui.hint.n });
}

// The remote (presenter/static/remote/) hides or shows this screen's results: the server passes its
// `screen` message to every screen of the event. A change made here (B or .) is told to the remotes
// the same way; a screen that already matches does nothing, so no message goes round twice.
import { toggleResultsHidden } from "./controls.js";
import { $, socket } from "./state.js";

const hidden = () => $("toggle-results")?.getAttribute("aria-pressed") === "true";
let heard = null; // the state a message asked for: not sent back

socket.on("screen", (message) => {
  heard = message.results_hidden;
  if (hidden() !== heard) toggleResultsHidden();
});

new MutationObserver(() => {
  const now = hidden();
  if (now !== heard) socket.emit("screen", { results_hidden: now }, () => {});
  heard = now;
}).observe(document.getElementById("controls"), { attributes: true, subtree: true, attributeFilter: ["aria-pressed"] });

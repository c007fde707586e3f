// One small polite live region per page (#announcer): screen readers hear what changed, in a few
// words, instead of a whole card or list being read again.
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick, so the same words twice in a row are read twice.
  setTimeout(() => {
    region.textContent = text;
  }, 30);
}

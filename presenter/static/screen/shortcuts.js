// Keyboard shortcuts (listed in the controls bar and the README); none while typing in a field.
export function bindShortcuts(actions) {
  const keys = {
    n: actions.next,
    ArrowRight: actions.next,
    p: actions.previous,
    ArrowLeft: actions.previous,
    PageDown: actions.next, // presentation clickers send PageDown/PageUp, and B or . to blank
    PageUp: actions.previous,
    o: actions.openLive,
    c: actions.closeLive,
    r: actions.toggleReveal,
    b: actions.toggleResultsHidden,
    ".": actions.toggleResultsHidden,
    x: actions.resetPoll,
    f: actions.toggleFullscreen,
    q: actions.toggleJoinPanel,
    a: actions.toggleQa,
    m: actions.openConsole,
    l: actions.toggleLeaderboard,
    h: actions.toggleProfanity,
    Escape: actions.dismiss,
  };
  document.addEventListener("keydown", (event) => {
    if (
      event.target.closest("input:not([type=checkbox]), select, textarea") ||
      event.ctrlKey ||
      event.metaKey ||
      event.altKey
    )
      return;
    const action = keys[event.key] || keys[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  });
}

// The phone's unconfirmed votes: the latest per poll, kept in localStorage so a vote survives
// a reload or a long time offline, and sent once the phone is back and has had `state`.
//
// Only the newest vote of a poll is ever (re)sent: a newer vote supersedes the older one, whose
// retries stop at once (the server also ignores any earlier client_vote_id, so a retry already
// on the wire cannot undo the newer vote).

const ACK_TIMEOUT_MS = 5000;
const TRANSIENT = new Set(["internal", "not_connected", "redis_unavailable"]); // worth sending again

// localStorage, or a plain map where it is unavailable (some private modes throw on access).
function storage(prefix) {
  const memory = new Map();
  let local = null;
  try {
    local = window.localStorage;
    local.getItem(prefix);
  } catch {
    local = null;
  }
  return {
    get(key) {
      try {
        return JSON.parse(local ? local.getItem(prefix + key) : (memory.get(key) ?? "null"));
      } catch {
        return null;
      }
    },
    set(key, value) {
      const text = JSON.stringify(value);
      try {
        if (local) {
          local.setItem(prefix + key, text);
          return;
        }
      } catch {
        /* full or denied */
      }
      memory.set(key, text);
    },
    remove(key) {
      try {
        local?.removeItem(prefix + key);
      } catch {
        /* denied */
      }
      memory.delete(key);
    },
    keys() {
      const found = [...memory.keys()];
      try {
        for (let i = 0; local && i < local.length; i++) {
          const key = local.key(i);
          if (key?.startsWith(prefix)) found.push(key.slice(prefix.length));
        }
      } catch {
        /* denied */
      }
      return found;
    },
  };
}

// onAck(vote, ack): the server answered the poll's current vote (ok or a final refusal).
// onWait(vote): the current vote is waiting for the connection or a retry.
export function voteOutbox(socket, code, { onAck, onWait }) {
  const store = storage(`hetki.outbox.${code}.`);
  const inFlight = new Set(); // client_vote_ids with a send loop running
  const isCurrent = (vote) => store.get(vote.poll_id)?.client_vote_id === vote.client_vote_id;

  async function deliver(vote) {
    if (inFlight.has(vote.client_vote_id)) return;
    inFlight.add(vote.client_vote_id);
    try {
      while (isCurrent(vote) && socket.connected) {
        let ack;
        try {
          ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("vote", vote);
        } catch {
          // timed out or disconnected: after a disconnect the next `state` resends it
          if (isCurrent(vote)) onWait(vote);
          continue;
        }
        if (!isCurrent(vote)) return; // superseded while on the wire: its answer is stale
        if (!ack.ok && TRANSIENT.has(ack.error?.code)) {
          onWait(vote);
          await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
          continue;
        }
        store.remove(vote.poll_id);
        onAck(vote, ack);
        return;
      }
      if (isCurrent(vote)) onWait(vote);
    } finally {
      inFlight.delete(vote.client_vote_id);
    }
  }

  return {
    // A new vote: it becomes the poll's only pending vote, and goes out now if connected.
    send(vote) {
      store.set(vote.poll_id, vote);
      deliver(vote);
    },
    // The unconfirmed vote of a poll, or null.
    pending(pollId) {
      return store.get(pollId);
    },
    // After `state`: drop what is settled (poll gone or closed, or the server has that very
    // vote), send what is not; a vote already being sent is left to its own loop.
    resume(state) {
      const live = state.poll;
      for (const pollId of store.keys()) {
        const vote = store.get(pollId);
        if (!vote || !live || live.id !== pollId || live.state !== "open" || state.vote_id === vote.client_vote_id) {
          store.remove(pollId);
          if (vote && live?.id === pollId && state.vote_id === vote.client_vote_id) onAck(vote, { ok: true });
          continue;
        }
        deliver(vote);
      }
    },
  };
}

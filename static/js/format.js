// Numbers as people read them.

// Seconds as m:ss, for recording timers and video lengths.
export function clock(seconds) {
  const whole = Math.max(0, Math.round(seconds || 0));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

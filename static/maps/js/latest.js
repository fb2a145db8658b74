// "Last request wins": a view asks the server, the user moves on, and the
// older answer arrives after the newer one. Each request starts under a key
// (what it shows); its answer is drawn only while that key is still the latest.

export function lastRequestWins() {
  let latest = null;
  return {
    // Whether `key` is what was last asked for.
    is: (key) => latest === key,
    // Starts `key`: the returned check stays true until another key starts.
    start(key) {
      latest = key;
      return () => latest === key;
    },
    // Forgets the latest key, so that asking for it again is not skipped.
    reset() {
      latest = null;
    },
  };
}

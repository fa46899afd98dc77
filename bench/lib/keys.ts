/** The key set, user and cipher key every contender uses (the emulator accepts any key set unsigned). */
export const BENCH_KEYS = {
  publishKey: 'pub-c-bench',
  subscribeKey: 'sub-c-bench',
  userId: 'bench-user',
  cipherKey: 'bench-cipher-key',
} as const;

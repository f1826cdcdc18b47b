/** Text for a LIKE pattern, with the pattern's own characters (% _ \\) taken literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

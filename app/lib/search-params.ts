/** A search parameter's first value: Next.js gives a page one string, several, or none. */
export const firstParam = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

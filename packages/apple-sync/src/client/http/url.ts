/** Query values the client sends; undefined ones are left out. */
export type QueryValue = string | number | boolean | undefined;

/** `base/path?query` with the base's own path kept (`…/mdm/v2` + `assets`). */
export const buildUrl = (
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, QueryValue>> | undefined,
): string => {
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
};

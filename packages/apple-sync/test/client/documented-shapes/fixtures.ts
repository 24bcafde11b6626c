import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One documented body: what Apple (or an open-source MDM's recorded test data) shows for an endpoint or a
 * notification, kept with where it was found. `fragment` says what the source left out or got wrong.
 */
export interface DocumentedFixture {
  /** File name without `.json`. */
  readonly name: string;
  /** Apple's page URL, or `owner/repo:path` of a recorded response. */
  readonly source: string;
  /** `METHOD path` of the API, or the notification type. */
  readonly endpoint: string;
  /** HTTP status the source shows or documents (API responses only). */
  readonly httpStatus?: number;
  readonly fragment?: string;
  /** One page of a longer read whose other pages the source does not show: decoded, never walked. */
  readonly paged?: boolean;
  /** The body as JSON; absent when the source printed text that is not JSON (`bodyText`). */
  readonly body?: unknown;
  readonly bodyText?: string;
}

/** One row of Apple's error tables (handling-error-responses). */
export interface DocumentedErrorCode {
  readonly errorNumber: number;
  readonly errorMessage: string;
  /** Present for synchronous errors. */
  readonly httpStatus?: number;
}

const folder = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

/** Every fixture of one kind, sorted by name. */
export const documentedFixtures = (kind: "api" | "notifications"): DocumentedFixture[] =>
  readdirSync(join(folder, kind))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      name: file.slice(0, -".json".length),
      ...(readJson(join(folder, kind, file)) as Omit<DocumentedFixture, "name">),
    }));

/** One fixture by kind and name; throws if it is missing (a renamed file must fail the suite). */
export const documentedFixture = (kind: "api" | "notifications", name: string): DocumentedFixture => {
  const found = documentedFixtures(kind).find((fixture) => fixture.name === name);
  if (!found) throw new Error(`no documented fixture ${kind}/${name}`);
  return found;
};

/** Whether the fixture is Apple's error body (an HTTP error status, or an `errorNumber` in an HTTP 200). */
export const isErrorFixture = (fixture: DocumentedFixture): boolean =>
  (fixture.httpStatus ?? 200) >= 400 ||
  typeof (jsonOf(fixture) as { errorNumber?: unknown })?.errorNumber === "number";

/** The fixture's body as the text a server would send. */
export const bodyTextOf = (fixture: DocumentedFixture): string =>
  fixture.bodyText ?? JSON.stringify(fixture.body);

/** The fixture's body as JSON: `body`, or `bodyText` parsed; undefined when the source's text is not JSON. */
export const jsonOf = (fixture: DocumentedFixture): unknown => {
  if (fixture.body !== undefined) return fixture.body;
  try {
    return JSON.parse(fixture.bodyText ?? "");
  } catch {
    return undefined;
  }
};

/** Apple's documented error codes: the synchronous table (with HTTP status) and the asynchronous one. */
export const documentedErrorCodes = (): {
  readonly source: string;
  readonly synchronous: ReadonlyArray<DocumentedErrorCode>;
  readonly asynchronous: ReadonlyArray<DocumentedErrorCode>;
} =>
  readJson(join(folder, "error-codes.json")) as {
    source: string;
    synchronous: DocumentedErrorCode[];
    asynchronous: DocumentedErrorCode[];
  };

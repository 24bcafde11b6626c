/** Fields of a test `.vpptoken`; any can be overridden or set to a wrong type to test rejections. */
export interface TestTokenFields {
  readonly token?: unknown;
  readonly expDate?: unknown;
  readonly orgName?: unknown;
}

/**
 * Builds the content of an Apple `.vpptoken` file: base64 of JSON `{ token, expDate, orgName }`. Defaults to a
 * token of "Example Org" valid until 2027-11-25.
 */
export const makeVppToken = (fields: TestTokenFields = {}): string =>
  Buffer.from(
    JSON.stringify({
      token: "secret-stoken-value",
      expDate: "2027-11-25T10:00:00+0000",
      orgName: "Example Org",
      ...fields,
    }),
    "utf8",
  ).toString("base64");

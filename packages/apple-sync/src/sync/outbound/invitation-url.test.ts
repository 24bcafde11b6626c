import { describe, expect, it } from "vitest";
import { DEFAULT_INVITATION_URL, invitationUrl } from "./invitation-url.js";

describe("invitationUrl", () => {
  it("R15: fills Apple's encoded placeholder", () => {
    expect(invitationUrl(DEFAULT_INVITATION_URL, "abc123")).toBe(
      "https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=abc123&mt=8",
    );
  });

  it("R15: fills the plain placeholder too, and encodes the code", () => {
    expect(invitationUrl("https://example.test/join?c=%inviteCode%", "a b&c")).toBe(
      "https://example.test/join?c=a%20b%26c",
    );
  });

  it("falls back to Apple's documented URL when the service config names none", () => {
    expect(invitationUrl(undefined, "x")).toContain("associateVPPUserWithITSAccount?inviteCode=x&mt=8");
  });
});

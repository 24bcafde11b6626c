/** Apple's documented invitation URL, used only when the service config names none. */
export const DEFAULT_INVITATION_URL =
  "https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8";

/**
 * The link a user opens to accept the VPP invitation (R15): Apple's `urls.invitationEmail` with the user's
 * `inviteCode` in place of `%25inviteCode%25` (the form Apple publishes) or `%inviteCode%`.
 */
export const invitationUrl = (template: string | undefined, inviteCode: string): string => {
  const code = encodeURIComponent(inviteCode);
  return (template ?? DEFAULT_INVITATION_URL)
    .replaceAll("%25inviteCode%25", code)
    .replaceAll("%inviteCode%", code);
};

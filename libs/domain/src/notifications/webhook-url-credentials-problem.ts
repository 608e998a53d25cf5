/**
 * Why a webhook URL may not be saved for holding a user name or password, or undefined. The URL is
 * shown to every lead and written to the audit and delivery logs. Checked when a subscription is
 * saved, not at delivery: subscriptions saved before this rule keep delivering until edited.
 */
export function webhookUrlCredentialsProblem(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password)
      return 'must not hold a user name or password (deliveries are signed with the secret)';
  } catch {
    // webhookUrlProblem says what is wrong with a URL that cannot be read.
  }
  return undefined;
}

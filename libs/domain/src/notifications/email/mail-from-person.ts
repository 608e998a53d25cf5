/** The name and address of a `MAIL_FROM` setting (`Leerlus <leerlus@example.nl>` or a bare address). */
export function mailFromPerson(mailFrom: string): { name: string; email: string } {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>\s]+)>\s*$/.exec(mailFrom);
  if (named) return { name: named[1] || 'Leerlus', email: named[2] };
  return { name: 'Leerlus', email: mailFrom.trim() };
}

/** Whose figures a report holds: an organisation, optionally narrowed to one of its chains. */
export interface ReportScope {
  organisationId: string;
  organisationName: string;
  chainId: string | null;
  chainName: string | null;
}

/** The orders an incident list can be sorted in; a leading `-` sorts descending. */
export enum IncidentSort {
  Relevance = 'relevance',
  ReportedAt = 'reportedAt',
  ReportedAtDesc = '-reportedAt',
  OccurredAt = 'occurredAt',
  OccurredAtDesc = '-occurredAt',
  Severity = 'severity',
  SeverityDesc = '-severity',
  PublicAttention = 'publicAttention',
  PublicAttentionDesc = '-publicAttention',
  Title = 'title',
  TitleDesc = '-title',
  Status = 'status',
  StatusDesc = '-status',
}

export enum AgendaItemStatus {
  Proposed = 'proposed',
  Scheduled = 'scheduled',
  CarriedOver = 'carried-over',
  Discussed = 'discussed',
  Dropped = 'dropped',
}

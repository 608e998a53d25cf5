export enum SeriesKind {
  Team = 'team',
  Triangle = 'triangle',
  Chain = 'chain',
  Leadership = 'leadership',
}

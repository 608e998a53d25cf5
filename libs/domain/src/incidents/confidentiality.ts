export enum Confidentiality {
  Internal = 'internal',
  Confidential = 'confidential',
}

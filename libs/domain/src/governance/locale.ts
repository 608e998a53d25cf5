/** Languages Leerlus writes messages in; Dutch is the default. */
export enum Locale {
  Nl = 'nl',
  En = 'en',
}

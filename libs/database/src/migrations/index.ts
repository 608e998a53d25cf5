import { Governance1764370000000 } from './1764370000000-governance';
import { Register1764380000000 } from './1764380000000-register';
import { Reflection1764390000000 } from './1764390000000-reflection';
import { LessonRechecks1764400000000 } from './1764400000000-lesson-rechecks';
import { AgendaCarryOver1764420000000 } from './1764420000000-agenda-carry-over';
import { CalendarFeed1764430000000 } from './1764430000000-calendar-feed';
import { ReportSnapshots1764440000000 } from './1764440000000-report-snapshots';
import { IncidentSearchIndexes1764450000000 } from './1764450000000-incident-search-indexes';
import { ReportRollups1764460000000 } from './1764460000000-report-rollups';
import { SearchLexicon1764470000000 } from './1764470000000-search-lexicon';
import { LearnedIncidents1764480000000 } from './1764480000000-learned-incidents';
import { LearnedIncidentWords1764490000000 } from './1764490000000-learned-incident-words';
import { DropTitleTrigramIndexes1764500000000 } from './1764500000000-drop-title-trigram-indexes';
import { LearnedWordsFollowUp1764510000000 } from './1764510000000-learned-words-follow-up';
import { IncidentTitleWordsIndex1764520000000 } from './1764520000000-incident-title-words-index';
import { JsonTime1764530000000 } from './1764530000000-json-time';
import { IncidentTitleSortIndex1764540000000 } from './1764540000000-incident-title-sort-index';
import { GinPendingListLimit1764550000000 } from './1764550000000-gin-pending-list-limit';
import { LessonSourceConfidential1764560000000 } from './1764560000000-lesson-source-confidential';
import { ListOrderIndexes1764570000000 } from './1764570000000-list-order-indexes';
import { VisibilityInIncidentIndexes1764580000000 } from './1764580000000-visibility-in-incident-indexes';
import { ListFilterIndexes1764590000000 } from './1764590000000-list-filter-indexes';
import { IncidentSearchDateIndex1764600000000 } from './1764600000000-incident-search-date-index';
import { LessonSearchDateIndex1764610000000 } from './1764610000000-lesson-search-date-index';
import { ActionSourceConfidential1764620000000 } from './1764620000000-action-source-confidential';
import { NormaliseTags1764630000000 } from './1764630000000-normalise-tags';
import { ActionVisibilityInIndex1764640000000 } from './1764640000000-action-visibility-in-index';
import { TagsAsTheApiTakesThem1764650000000 } from './1764650000000-tags-as-the-api-takes-them';
import { ActionsFollowSourceChain1764660000000 } from './1764660000000-actions-follow-source-chain';
import { ReadCommittedMessage1764670000000 } from './1764670000000-read-committed-message';
import { AgendaTitlesFollowConfidentiality1764680000000 } from './1764680000000-agenda-titles-follow-confidentiality';
import { PostponedSessionKeepsCalendarEvent1764700000000 } from './1764700000000-postponed-session-keeps-calendar-event';
import { AgendaItemsLeaveWithTheirSubject1764710000000 } from './1764710000000-agenda-items-leave-with-their-subject';
import { PeopleActive1764720000000 } from './1764720000000-people-active';
import { EmailUniquePerOrganisation1764730000000 } from './1764730000000-email-unique-per-organisation';
import { ClosedIncidentsFromStatusHistory1764740000000 } from './1764740000000-closed-incidents-from-status-history';
import { RechecksFromTheirHistory1764750000000 } from './1764750000000-rechecks-from-their-history';
import { RecordUnrecordedCloses1764760000000 } from './1764760000000-record-unrecorded-closes';
import { ChainSeriesInviteTheTriangle1764770000000 } from './1764770000000-chain-series-invite-the-triangle';
import { SearchHyphenatedWordsByTheirParts1764780000000 } from './1764780000000-search-hyphenated-words-by-their-parts';
import { LearningByPublicAttention1764790000000 } from './1764790000000-learning-by-public-attention';
import { IncidentRecurrenceOf1764800000000 } from './1764800000000-incident-recurrence-of';
import { CheckLearningAttention1764810000000 } from './1764810000000-check-learning-attention';
import { NotificationsSentOrderIndex1764820000000 } from './1764820000000-notifications-sent-order-index';
import { RecurrenceHiddenOf1764830000000 } from './1764830000000-recurrence-hidden-of';
import { DeliveryLogOrderIndexes1764840000000 } from './1764840000000-delivery-log-order-indexes';
import { AgendaTitlesFollowRenames1764850000000 } from './1764850000000-agenda-titles-follow-renames';
import { AuditEventsNameTheRequest1764860000000 } from './1764860000000-audit-events-name-the-request';
import { RemindersFollowIcalSequence1764870000000 } from './1764870000000-reminders-follow-ical-sequence';
import { SearchPluralsInS1764880000000 } from './1764880000000-search-plurals-in-s';
import { SearchNumberParts1764890000000 } from './1764890000000-search-number-parts';
import { SearchShortPlurals1764900000000 } from './1764900000000-search-short-plurals';
import { CreatorsMayBeDeleted1764910000000 } from './1764910000000-creators-may-be-deleted';
import { CalendarOrganizerKept1764920000000 } from './1764920000000-calendar-organizer-kept';
import { PeopleInDutchOrder1764930000000 } from './1764930000000-people-in-dutch-order';
import { SearchSingularStems1764940000000 } from './1764940000000-search-singular-stems';
import { AuditEventsNotTruncated1764950000000 } from './1764950000000-audit-events-not-truncated';
import { SearchSlashedWordsByTheirParts1764960000000 } from './1764960000000-search-slashed-words-by-their-parts';
import { SearchDiminutives1764970000000 } from './1764970000000-search-diminutives';
import { TagsInPlainCharacters1764980000000 } from './1764980000000-tags-in-plain-characters';
import { StatusAtQuarterEndFromClosedAt1764990000000 } from './1764990000000-status-at-quarter-end-from-closed-at';
import { BootstrapTokensMarked1765000000000 } from './1765000000000-bootstrap-tokens-marked';
import { PeopleNamesNormalised1765010000000 } from './1765010000000-people-names-normalised';
import { StoredUrlsAsUris1765020000000 } from './1765020000000-stored-urls-as-uris';
import { AgendaItemsKeepTheirOwnTitle1765030000000 } from './1765030000000-agenda-items-keep-their-own-title';
import { DeletedSubjectsReviseSentAgendas1765040000000 } from './1765040000000-deleted-subjects-revise-sent-agendas';
import { SessionsScheduledSince1765050000000 } from './1765050000000-sessions-scheduled-since';
import { NotificationsCancelReason1765051000000 } from './1765051000000-notifications-cancel-reason';
import { LessonsFollowSourceChain1765080000000 } from './1765080000000-lessons-follow-source-chain';
import { OverdueFromDueDateHistory1765090000000 } from './1765090000000-overdue-from-due-date-history';
import { ReporterSightChecks1765110000000 } from './1765110000000-reporter-sight-checks';
import { RechecksDueFromTheirPlannedDates1765120000000 } from './1765120000000-rechecks-due-from-their-planned-dates';

/** Every migration, in order. Listed explicitly so the build, the CLI and the tests run the same set. */
// prettier-ignore
export const migrations = [
  Governance1764370000000,
  Register1764380000000,
  Reflection1764390000000,
  LessonRechecks1764400000000,
  AgendaCarryOver1764420000000,
  CalendarFeed1764430000000,
  ReportSnapshots1764440000000,
  IncidentSearchIndexes1764450000000,
  ReportRollups1764460000000,
  SearchLexicon1764470000000,
  LearnedIncidents1764480000000,
  LearnedIncidentWords1764490000000,
  DropTitleTrigramIndexes1764500000000,
  LearnedWordsFollowUp1764510000000,
  IncidentTitleWordsIndex1764520000000,
  JsonTime1764530000000,
  IncidentTitleSortIndex1764540000000,
  GinPendingListLimit1764550000000,
  LessonSourceConfidential1764560000000,
  ListOrderIndexes1764570000000,
  VisibilityInIncidentIndexes1764580000000,
  ListFilterIndexes1764590000000,
  IncidentSearchDateIndex1764600000000,
  LessonSearchDateIndex1764610000000,
  ActionSourceConfidential1764620000000,
  NormaliseTags1764630000000,
  ActionVisibilityInIndex1764640000000,
  TagsAsTheApiTakesThem1764650000000,
  ActionsFollowSourceChain1764660000000,
  ReadCommittedMessage1764670000000,
  AgendaTitlesFollowConfidentiality1764680000000,
  PostponedSessionKeepsCalendarEvent1764700000000,
  AgendaItemsLeaveWithTheirSubject1764710000000,
  PeopleActive1764720000000,
  EmailUniquePerOrganisation1764730000000,
  ClosedIncidentsFromStatusHistory1764740000000,
  RechecksFromTheirHistory1764750000000,
  RecordUnrecordedCloses1764760000000,
  ChainSeriesInviteTheTriangle1764770000000,
  SearchHyphenatedWordsByTheirParts1764780000000,
  LearningByPublicAttention1764790000000,
  IncidentRecurrenceOf1764800000000,
  CheckLearningAttention1764810000000,
  NotificationsSentOrderIndex1764820000000,
  RecurrenceHiddenOf1764830000000,
  DeliveryLogOrderIndexes1764840000000,
  AgendaTitlesFollowRenames1764850000000,
  AuditEventsNameTheRequest1764860000000,
  RemindersFollowIcalSequence1764870000000,
  SearchPluralsInS1764880000000,
  SearchNumberParts1764890000000,
  SearchShortPlurals1764900000000,
  CreatorsMayBeDeleted1764910000000,
  CalendarOrganizerKept1764920000000,
  PeopleInDutchOrder1764930000000,
  SearchSingularStems1764940000000,
  AuditEventsNotTruncated1764950000000,
  SearchSlashedWordsByTheirParts1764960000000,
  SearchDiminutives1764970000000,
  TagsInPlainCharacters1764980000000,
  StatusAtQuarterEndFromClosedAt1764990000000,
  BootstrapTokensMarked1765000000000,
  PeopleNamesNormalised1765010000000,
  StoredUrlsAsUris1765020000000,
  AgendaItemsKeepTheirOwnTitle1765030000000,
  DeletedSubjectsReviseSentAgendas1765040000000,
  SessionsScheduledSince1765050000000,
  NotificationsCancelReason1765051000000,
  LessonsFollowSourceChain1765080000000,
  OverdueFromDueDateHistory1765090000000,
  ReporterSightChecks1765110000000,
  RechecksDueFromTheirPlannedDates1765120000000,
];

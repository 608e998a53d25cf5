/**
 * The shortest agenda lead time: the worker looks for agendas due once a minute, and one whose
 * moment fell between two looks with the session begun by the next is never sent.
 */
export const LEAST_AGENDA_LEAD_TIME = { minutes: 2, why: 'the worker sends agendas due once a minute' };

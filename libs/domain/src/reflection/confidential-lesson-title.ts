/**
 * What an agenda says instead of the title of a lesson drawn from a confidential incident: agendas
 * are read by every member, and such a lesson is as confidential as its incident.
 */
export const CONFIDENTIAL_LESSON_TITLE = 'Les uit een vertrouwelijk incident';

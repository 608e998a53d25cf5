import { EscalationFallback } from '../../actions/escalation-fallback';

/** The fixed texts of e-mails, per locale. Dutch is the default. */
export const EMAIL_TEXTS = {
  nl: {
    greeting: (name: string | null) => (name ? `Beste ${name},` : 'Beste,'),
    footer: (organisation: string) =>
      `Dit bericht is automatisch verstuurd door Leerlus voor ${organisation}.`,
    when: 'Wanneer',
    previousWhen: 'Oude tijd',
    where: 'Waar',
    meeting: 'Online',
    chair: 'Voorzitter',
    open: 'Bekijk in Leerlus',
    agenda: 'Agenda',
    dueDate: 'Uiterste datum',
    assignee: 'Uitvoerder',
    reason: 'Reden',
    missedSession: 'Niet gehouden',
    agendaSubject: (title: string, when: string) => `Agenda: ${title}, ${when}`,
    agendaIntro: (title: string) =>
      `Hierbij de agenda voor ${title}. De uitnodiging zit als agenda-item bij dit bericht.`,
    emptyAgendaIntro: (title: string) =>
      `Voor ${title} staan geen onderwerpen op de agenda: de tijd is voor open reflectie. De uitnodiging zit als agenda-item bij dit bericht.`,
    reminderSubject: (title: string, when: string) => `Herinnering: ${title}, ${when}`,
    reminderIntro: (title: string) => `Een herinnering: binnenkort is de reflectiesessie ${title}.`,
    outcomeSubject: (title: string) => `Leg de uitkomst vast: ${title}`,
    outcomeIntro: (title: string) =>
      `De reflectiesessie ${title} is voorbij, maar de uitkomst is nog niet vastgelegd. Leg vast of de sessie is gehouden, met verslag, besluiten en aanwezigen.`,
    outcomeStandIn: (chair: string) =>
      `Je krijgt dit bericht omdat de voorzitter, ${chair}, niet meer actief is. Geef de reeks ook een nieuwe voorzitter.`,
    movedSubject: (title: string, when: string) => `Verplaatst: ${title}, nu ${when}`,
    movedIntro: (title: string) =>
      `De reflectiesessie ${title} is verplaatst. De nieuwe tijd staat hieronder.`,
    changedSubject: (title: string, when: string) => `Gewijzigd: ${title}, ${when}`,
    changedIntro: (title: string) =>
      `De titel, plaats of link van de reflectiesessie ${title} is gewijzigd; de tijd blijft.`,
    cancelledSubject: (title: string, when: string) => `Geannuleerd: ${title}, ${when}`,
    cancelledIntro: (title: string) => `De reflectiesessie ${title} gaat niet door.`,
    seriesStopped: 'De reeks is gestopt.',
    uninvitedSubject: (title: string, when: string) => `Niet meer uitgenodigd: ${title}, ${when}`,
    uninvitedIntro: (title: string) =>
      `Je staat niet meer op de lijst van deelnemers van de reflectiesessie ${title}. De uitnodiging in je agenda vervalt.`,
    escalationSubject: (title: string) => `Reflectie wordt verdrongen: ${title}`,
    escalationIntro: (title: string, missed: number | null) =>
      `${missed ? `${missed} sessies op rij` : 'Sessies'} van ${title} zijn niet gehouden (uitgesteld, geannuleerd of zonder vastgelegde uitkomst). De waan van de dag verdringt de reflectie; maak er ruimte voor.`,
    actionReminderSubject: (due: string) => `Herinnering: actie uiterlijk ${due}`,
    actionReminderIntro: 'Een actie op jouw naam nadert de uiterste datum.',
    actionOverdueSubject: (due: string) => `Actie over de datum (${due})`,
    actionOverdueIntro:
      'Een actie op jouw naam is over de uiterste datum. Rond haar af of spreek een nieuwe datum af.',
    actionEscalationSubject: (due: string) => `Escalatie: actie ver over de datum (${due})`,
    actionEscalationIntro: (assignee: string, role: unknown, why: string) =>
      `Een actie van ${assignee} is lang over de uiterste datum. ${
        role === 'owner'
          ? 'Als eigenaar van de keten'
          : `${why}; als ${role === 'admin' ? 'beheerder' : 'leidinggevende'}`
      } word je gevraagd hierop te sturen.`,
    /** Why an escalation goes to a lead or admin (EscalationFallback), not to the chain's owner. */
    actionEscalationFallback: {
      [EscalationFallback.NoChain]: 'De actie hoort bij geen keten',
      [EscalationFallback.NoOwner]: 'De keten heeft geen eigenaar',
      [EscalationFallback.OwnerInactive]: 'De eigenaar van de keten is niet meer actief',
      [EscalationFallback.OwnerIsAssignee]: 'De eigenaar van de keten is zelf degene bij wie de actie ligt',
    } as Record<EscalationFallback, string>,
    confidentialAction:
      'De beschrijving staat niet in dit bericht: de actie volgt een vertrouwelijk incident op dat je niet kunt inzien.',
    genericSubject: 'Bericht van Leerlus',
  },
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    footer: (organisation: string) => `This message was sent automatically by Leerlus for ${organisation}.`,
    when: 'When',
    previousWhen: 'Previous time',
    where: 'Where',
    meeting: 'Online',
    chair: 'Chair',
    open: 'Open in Leerlus',
    agenda: 'Agenda',
    dueDate: 'Due date',
    assignee: 'Assignee',
    reason: 'Reason',
    missedSession: 'Not held',
    agendaSubject: (title: string, when: string) => `Agenda: ${title}, ${when}`,
    agendaIntro: (title: string) =>
      `Here is the agenda for ${title}. The invitation is attached as a calendar item.`,
    emptyAgendaIntro: (title: string) =>
      `There are no topics on the agenda for ${title}: the time is for open reflection. The invitation is attached as a calendar item.`,
    reminderSubject: (title: string, when: string) => `Reminder: ${title}, ${when}`,
    reminderIntro: (title: string) => `A reminder: the reflection session ${title} is coming up.`,
    outcomeSubject: (title: string) => `Record the outcome: ${title}`,
    outcomeIntro: (title: string) =>
      `The reflection session ${title} is over, but its outcome has not been recorded. Please record whether it was held, with minutes, decisions and attendees.`,
    outcomeStandIn: (chair: string) =>
      `You receive this because the chair, ${chair}, is no longer active. Please also give the series a new chair.`,
    movedSubject: (title: string, when: string) => `Moved: ${title}, now ${when}`,
    movedIntro: (title: string) => `The reflection session ${title} has moved. The new time is below.`,
    changedSubject: (title: string, when: string) => `Changed: ${title}, ${when}`,
    changedIntro: (title: string) =>
      `The title, place or link of the reflection session ${title} has changed; the time stays.`,
    cancelledSubject: (title: string, when: string) => `Cancelled: ${title}, ${when}`,
    cancelledIntro: (title: string) => `The reflection session ${title} will not take place.`,
    seriesStopped: 'The series has stopped.',
    uninvitedSubject: (title: string, when: string) => `No longer invited: ${title}, ${when}`,
    uninvitedIntro: (title: string) =>
      `You are no longer on the list of participants of the reflection session ${title}. The invitation in your calendar is withdrawn.`,
    escalationSubject: (title: string) => `Reflection is being crowded out: ${title}`,
    escalationIntro: (title: string, missed: number | null) =>
      `${missed ? `${missed} sessions in a row` : 'Sessions'} of ${title} were not held (postponed, cancelled or left unrecorded). The issues of the day are crowding out reflection; please make room for it.`,
    actionReminderSubject: (due: string) => `Reminder: action due ${due}`,
    actionReminderIntro: 'An action assigned to you is nearing its due date.',
    actionOverdueSubject: (due: string) => `Action overdue (${due})`,
    actionOverdueIntro:
      'An action assigned to you is past its due date. Please finish it or agree on a new date.',
    actionEscalationSubject: (due: string) => `Escalation: action long overdue (${due})`,
    actionEscalationIntro: (assignee: string, role: unknown, why: string) =>
      `An action of ${assignee} is long past its due date. ${
        role === 'owner'
          ? 'As the owner of the chain'
          : `${why}; as ${role === 'admin' ? 'an admin' : 'a lead'}`
      } you are asked to follow it up.`,
    actionEscalationFallback: {
      [EscalationFallback.NoChain]: 'The action belongs to no chain',
      [EscalationFallback.NoOwner]: 'The chain has no owner',
      [EscalationFallback.OwnerInactive]: 'The owner of the chain is no longer active',
      [EscalationFallback.OwnerIsAssignee]: 'The owner of the chain is the one the action is assigned to',
    } as Record<EscalationFallback, string>,
    confidentialAction:
      'The description is left out of this message: the action follows up a confidential incident you cannot see.',
    genericSubject: 'Message from Leerlus',
  },
};

import { EmailContext } from './email-context';
import { renderEmail } from './render-email';

const session = {
  id: '11111111-1111-4111-8111-111111111111',
  calendarUid: '11111111-1111-4111-8111-111111111111',
  seriesId: '22222222-2222-4222-8222-222222222222',
  title: 'Reflectie ketenoverleg',
  timeZone: 'Europe/Amsterdam',
  start: new Date('2026-10-27T09:00:00Z'),
  end: new Date('2026-10-27T10:00:00Z'),
  status: 'planned',
  statusReason: null,
  location: 'Zaal 1',
  meetingUrl: null,
  sequence: 1,
  updatedAt: new Date('2026-10-01T00:00:00Z'),
  agendaSent: false,
  chair: { name: 'Sara Voorzitter', email: 'sara@example.nl', active: true },
  organizer: null as { name: string; email: string } | null,
  participants: [],
  agenda: [{ title: 'Thema', kind: 'theme', timeboxMinutes: 30 }],
};

function context(overrides: Partial<EmailContext>): EmailContext {
  return {
    notificationId: 'n1',
    kind: 'session-reminder',
    locale: 'nl',
    recipientName: 'Jan',
    recipientEmail: 'jan@example.nl',
    organisationName: 'Provincie Utrecht',
    sender: { name: 'Leerlus', email: 'leerlus@example.nl' },
    baseUrl: 'https://leerlus.example.nl',
    payload: {},
    session,
    ...overrides,
  };
}

describe('renderEmail', () => {
  it('writes the session time in the series time zone after the change to winter time', () => {
    const email = renderEmail(context({}));
    expect(email.subject).toBe(
      'Herinnering: Reflectie ketenoverleg, dinsdag 27 oktober 2026, 10:00–11:00 (Europe/Amsterdam)',
    );
    expect(email.text).toContain('Voorzitter: Sara Voorzitter');
    expect(email.text).toContain('Provincie Utrecht');
    // A reminder before the agenda was sent shows no agenda and carries no invitation.
    expect(email.text).not.toContain('Agenda:');
    expect(email.calendar).toBeUndefined();
  });

  it('asks the chair for the outcome, in English when that is their locale', () => {
    const email = renderEmail(context({ kind: 'outcome-request', locale: 'en', recipientName: 'Sara' }));
    expect(email.subject).toBe('Record the outcome: Reflectie ketenoverleg');
    expect(email.text.startsWith('Dear Sara,')).toBe(true);
    expect(email.text).not.toContain('no longer active');
  });

  it('tells a stand-in for a chair who left why they are asked', () => {
    const email = renderEmail(context({ kind: 'outcome-request', payload: { standIn: true } }));
    expect(email.subject).toBe('Leg de uitkomst vast: Reflectie ketenoverleg');
    expect(email.text).toContain(
      'Je krijgt dit bericht omdat de voorzitter, Sara Voorzitter, niet meer actief is. Geef de reeks ook een nieuwe voorzitter.',
    );
  });

  it('withdraws the invitation of someone no longer invited, with a CANCEL of the same event', () => {
    const email = renderEmail(
      context({
        kind: 'session-uninvited',
        session: {
          ...session,
          agendaSent: true,
          participants: [{ name: 'Piet Blijft', email: 'piet@example.nl' }],
        },
      }),
    );
    expect(email.subject).toBe(
      'Niet meer uitgenodigd: Reflectie ketenoverleg, dinsdag 27 oktober 2026, 10:00–11:00 (Europe/Amsterdam)',
    );
    expect(email.text).toContain('Je staat niet meer op de lijst van deelnemers');
    expect(email.calendar?.method).toBe('CANCEL');
    expect(email.calendar?.content).toContain(`UID:${session.calendarUid}@leerlus`);
    // It names who is no longer invited, not those who still are, nor the chair; it comes from the
    // organizer the invitation came from (a former chair is withdrawn by the same organizer).
    const lines = (email.calendar?.content ?? '').split('\r\n');
    const attendees = lines.filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees).toEqual([expect.stringMatching(/CN="?Jan"?.*:mailto:jan@example\.nl$/)]);
    expect(lines.filter((l) => l.startsWith('ORGANIZER'))).toEqual([
      expect.stringMatching(/CN="?Leerlus"?.*:mailto:leerlus@example\.nl$/),
    ]);
    // Without STATUS: CANCELLED would call the meeting off for everyone (RFC 5546 §3.2.5).
    expect(email.calendar?.content).not.toContain('STATUS:');
    const calledOff = renderEmail(
      context({ kind: 'session-cancelled', session: { ...session, status: 'cancelled' } }),
    );
    expect(calledOff.calendar?.method).toBe('CANCEL');
    expect(calledOff.calendar?.content).toContain('STATUS:CANCELLED');
  });

  it('attaches a REQUEST with the new time for a moved session', () => {
    const email = renderEmail(context({ kind: 'session-moved' }));
    expect(email.subject).toMatch(/^Verplaatst: Reflectie ketenoverleg, nu dinsdag 27 oktober 2026/);
    expect(email.calendar?.method).toBe('REQUEST');
    expect(email.calendar?.content).toContain('DTSTART;TZID=Europe/Amsterdam:20261027T100000');
    expect(email.calendar?.content).toContain('SEQUENCE:1');
    // A session of the chair alone still names an attendee, as a REQUEST must (RFC 5546 §3.2.2):
    // the chair, in that role; the organizer is who sends it.
    const unfolded = (email.calendar?.content ?? '').replace(/\r\n[ \t]/g, '');
    const attendees = unfolded.split('\r\n').filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees).toHaveLength(1);
    expect(attendees[0]).toMatch(/^ATTENDEE;ROLE=CHAIR;.*mailto:sara@example\.nl$/);
    expect(unfolded).toContain('mailto:leerlus@example.nl');
  });

  it('says when a moved session was and why it moved, in the series time zone, in text and HTML', () => {
    // Planned for Thursday 22 October at 14:00 summer time (12:00 UTC), moved to the 27th.
    const payload = { previousScheduledAt: '2026-10-22T12:00:00.000Z', reason: 'Crisisoverleg' };
    const dutch = renderEmail(context({ kind: 'session-moved', payload }));
    expect(dutch.text).toContain(
      [
        'Wanneer: dinsdag 27 oktober 2026, 10:00–11:00 (Europe/Amsterdam)',
        'Oude tijd: donderdag 22 oktober 2026, 14:00–15:00 (Europe/Amsterdam)',
        'Waar: Zaal 1',
        'Voorzitter: Sara Voorzitter',
        'Reden: Crisisoverleg',
      ].join('\n'),
    );
    expect(dutch.html).toContain(
      '<th style="text-align: left; padding-right: 1em">Oude tijd</th><td>donderdag 22 oktober 2026, 14:00–15:00 (Europe/Amsterdam)</td>',
    );
    expect(dutch.html).toContain(
      '<th style="text-align: left; padding-right: 1em">Reden</th><td>Crisisoverleg</td>',
    );
    const english = renderEmail(context({ kind: 'session-moved', locale: 'en', payload }));
    expect(english.text).toContain('Previous time: Thursday 22 October 2026, 14:00–15:00 (Europe/Amsterdam)');
    expect(english.text).toContain('Reason: Crisisoverleg');
    // A message planned without them still renders, without those lines.
    const older = renderEmail(context({ kind: 'session-moved', payload: {} }));
    expect(older.text).toContain('Wanneer: dinsdag 27 oktober 2026');
    expect(older.text).not.toMatch(/Oude tijd|Reden/);
    // Sent again for a new place, it is about that change: the move's time and reason stay out.
    const again = renderEmail(context({ kind: 'session-moved', payload: { ...payload, reinvited: true } }));
    expect(again.text).not.toMatch(/Oude tijd|Reden/);
  });

  it("names no chair who left, in the text or as the invitation's CHAIR, until the series has a new one", () => {
    const email = renderEmail(
      context({
        kind: 'agenda',
        session: {
          ...session,
          chair: { ...session.chair, active: false },
          participants: [{ name: 'Jan', email: 'jan@example.nl' }] as never[],
        },
      }),
    );
    expect(email.text).not.toContain('Voorzitter');
    const unfolded = (email.calendar?.content ?? '').replace(/\r\n[ \t]/g, '');
    expect(unfolded.split('\r\n').filter((l) => l.startsWith('ATTENDEE'))).toEqual([
      expect.stringMatching(/^ATTENDEE;ROLE=REQ-PARTICIPANT;.*mailto:jan@example\.nl$/),
    ]);
    expect(unfolded).not.toContain('sara@example.nl');
  });

  it('keeps the organizer an invitation sent before the sender organized named', () => {
    const email = renderEmail(
      context({
        kind: 'session-moved',
        session: { ...session, organizer: { name: 'Oud Voorzitter', email: 'oud@example.nl' } },
      }),
    );
    const unfolded = (email.calendar?.content ?? '').replace(/\r\n[ \t]/g, '');
    expect(unfolded.split('\r\n').filter((l) => l.startsWith('ORGANIZER'))).toEqual([
      expect.stringMatching(/CN="?Oud Voorzitter"?.*:mailto:oud@example\.nl$/),
    ]);
  });

  it('says a moved session sent again for a new place or link changed, not that it moved', () => {
    const email = renderEmail(context({ kind: 'session-moved', payload: { reinvited: true } }));
    expect(email.subject).toMatch(/^Gewijzigd: Reflectie ketenoverleg, dinsdag 27 oktober 2026/);
    expect(email.text).toContain('de tijd blijft');
    expect(email.text).not.toContain('verplaatst');
    expect(email.calendar?.method).toBe('REQUEST');
    // An agenda sent again says so too, with the agenda.
    const agendaAgain = renderEmail(context({ kind: 'agenda', payload: { reinvited: true } }));
    expect(agendaAgain.subject).toMatch(/^Gewijzigd: Reflectie ketenoverleg/);
    expect(agendaAgain.text).toContain('de tijd blijft');
    expect(agendaAgain.text).toContain('Hierbij de agenda voor Reflectie ketenoverleg.');
  });

  it('moves the event the session replaces: its UID, not a new one', () => {
    const replacement = { ...session, id: '33333333-3333-4333-8333-333333333333' };
    const email = renderEmail(context({ kind: 'session-moved', session: replacement }));
    expect(email.calendar?.content).toContain(`UID:${session.calendarUid}@leerlus`);
  });

  it('says an agenda without topics leaves the time for open reflection, not "here is the agenda"', () => {
    const withItems = renderEmail(context({ kind: 'agenda' }));
    expect(withItems.text).toContain('Hierbij de agenda voor Reflectie ketenoverleg.');
    const empty = renderEmail(context({ kind: 'agenda', session: { ...session, agenda: [] } }));
    expect(empty.text).toContain('Voor Reflectie ketenoverleg staan geen onderwerpen op de agenda');
    expect(empty.text).not.toContain('Hierbij de agenda');
    expect(empty.text).not.toContain('Agenda:');
  });

  it("gives the reason a stopped series cancels a session in the reader's language", () => {
    const stopped = { ...session, status: 'cancelled', statusReason: 'De reeks is gestopt.' };
    const cause = { cause: 'series-stopped' };
    const english = renderEmail(
      context({ kind: 'session-cancelled', locale: 'en', session: stopped, payload: cause }),
    );
    expect(english.text).toContain('Reason: The series has stopped.');
    expect(english.text).not.toContain('gestopt');
    const dutch = renderEmail(context({ kind: 'session-cancelled', session: stopped, payload: cause }));
    expect(dutch.text).toContain('Reden: De reeks is gestopt.');
    // A lead's own reason is written as they wrote it, whatever the reader's language.
    const byHand = renderEmail(
      context({
        kind: 'session-cancelled',
        locale: 'en',
        session: { ...session, status: 'cancelled', statusReason: 'Zomerstop' },
      }),
    );
    expect(byHand.text).toContain('Reason: Zomerstop');
  });

  it('tells that reflection is crowded out, with the number of missed sessions', () => {
    const email = renderEmail(
      context({
        kind: 'reflection-escalation',
        session: undefined,
        series: { id: session.seriesId, title: 'Reflectie ketenoverleg', timeZone: 'Europe/Amsterdam' },
        // As EscalationService plans it: the missed sessions themselves.
        payload: {
          missedSessions: [
            { id: 'a', scheduledAt: '2026-10-19T22:30:00.000Z', status: 'cancelled' },
            { id: 'b', scheduledAt: '2026-10-27T09:00:00.000Z', status: 'planned' },
          ],
        },
      }),
    );
    expect(email.subject).toBe('Reflectie wordt verdrongen: Reflectie ketenoverleg');
    expect(email.text).toContain('2 sessies op rij van Reflectie ketenoverleg zijn niet gehouden');
    // Their dates in the series' zone: 22:30 UTC on the 19th is the 20th in Amsterdam.
    expect(email.text).toContain('20 oktober 2026');
    expect(email.text).toContain('27 oktober 2026');
    expect(email.text).toContain(`https://leerlus.example.nl/v1/reflection-series/${session.seriesId}`);
  });

  it('falls back to a generic message and never links to a non-http URL', () => {
    const email = renderEmail(
      context({ kind: 'something-new', session: undefined, payload: { url: 'javascript:alert(1)' } }),
    );
    expect(email.subject).toBe('Bericht van Leerlus');
    expect(email.html).not.toContain('javascript:');
  });
});

describe('renderEmail of an action escalation', () => {
  const action = {
    id: '33333333-3333-4333-8333-333333333333',
    description: 'Testplan aanpassen',
    dueDate: '2026-11-01',
    status: 'open',
    assigneeName: 'Mia Medewerker',
  };
  const escalationEmail = (
    recipientRole: string | undefined,
    locale: 'nl' | 'en' = 'nl',
    chainId: string | null = 'k1',
    fallback?: string,
  ) =>
    renderEmail({
      notificationId: 'n2',
      kind: 'action-escalation',
      locale,
      recipientName: 'Lea',
      recipientEmail: 'lea@example.nl',
      organisationName: 'Provincie Utrecht',
      sender: { name: 'Leerlus', email: 'leerlus@example.nl' },
      baseUrl: 'https://leerlus.example.nl',
      payload: recipientRole ? { recipientRole, chainId, ...(fallback ? { fallback } : {}) } : { chainId },
      action,
    });
  const escalation = (...args: Parameters<typeof escalationEmail>) => escalationEmail(...args).text;

  it('tells the chain owner they are asked as its owner', () => {
    expect(escalation('owner')).toContain('Als eigenaar van de keten word je gevraagd hierop te sturen.');
    // Sent before the role was in the message: escalations went to owners.
    expect(escalation(undefined)).toContain('Als eigenaar van de keten');
  });

  it('tells a lead or admin that the chain has no owner, not that they are it', () => {
    expect(escalation('lead')).toContain('De keten heeft geen eigenaar; als leidinggevende word je gevraagd');
    expect(escalation('admin')).toContain('De keten heeft geen eigenaar; als beheerder word je gevraagd');
    expect(escalation('lead', 'en')).toContain(
      'The chain has no owner; as a lead you are asked to follow it up.',
    );
    expect(escalation('lead')).not.toContain('Als eigenaar');
  });

  it('tells a lead that the chain has an owner who is no longer active, in text and HTML', () => {
    const email = escalationEmail('lead', 'nl', 'k1', 'owner-inactive');
    for (const body of [email.text, email.html])
      expect(body).toContain(
        'De eigenaar van de keten is niet meer actief; als leidinggevende word je gevraagd hierop te sturen.',
      );
    expect(email.text).not.toContain('geen eigenaar');
    expect(escalation('admin', 'en', 'k1', 'owner-inactive')).toContain(
      'The owner of the chain is no longer active; as an admin you are asked to follow it up.',
    );
    // A message stored before the reason was: what it said then.
    expect(escalation('lead', 'nl', 'k1', undefined)).toContain('De keten heeft geen eigenaar;');
  });

  it('tells a lead that the owner of the chain is the one the action is assigned to', () => {
    expect(escalation('lead', 'nl', 'k1', 'owner-is-assignee')).toContain(
      'De eigenaar van de keten is zelf degene bij wie de actie ligt; als leidinggevende word je gevraagd hierop te sturen.',
    );
    expect(escalation('admin', 'en', 'k1', 'owner-is-assignee')).toContain(
      'The owner of the chain is the one the action is assigned to; as an admin you are asked to follow it up.',
    );
  });

  it('tells the leads that an action of no chain belongs to none, not that its chain has no owner', () => {
    expect(escalation('lead', 'nl', null)).toContain('De actie hoort bij geen keten; als leidinggevende');
    expect(escalation('lead', 'en', null)).toContain('The action belongs to no chain; as a lead');
  });
});

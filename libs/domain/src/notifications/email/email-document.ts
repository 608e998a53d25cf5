/** The structure of every e-mail, before it becomes text and HTML. */
export interface EmailDocument {
  subject: string;
  greeting: string;
  paragraphs: string[];
  agenda?: { title: string; timeboxMinutes: number }[];
  agendaHeading?: string;
  details: [label: string, value: string][];
  link?: { label: string; url: string };
  footer: string;
}

import { agendaTitle } from './agenda-title';

describe('agendaTitle', () => {
  it('keeps a title of 300 characters, emoji counted as one each', () => {
    const title = '😀'.repeat(300);
    expect(agendaTitle(title)).toBe(title);
    expect(agendaTitle('a'.repeat(300))).toBe('a'.repeat(300));
  });

  it('cuts a longer one to 299 characters and an ellipsis, never through a character', () => {
    const cut = agendaTitle('😀'.repeat(301));
    expect(Array.from(cut)).toHaveLength(300);
    expect(cut).toBe(`${'😀'.repeat(299)}…`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(agendaTitle(`${'a'.repeat(299)}😀😀`)).toBe(`${'a'.repeat(299)}…`);
  });
});

import { mailFromPerson } from './mail-from-person';

describe('mailFromPerson', () => {
  it.each([
    ['Leerlus <leerlus@minbzk.nl>', { name: 'Leerlus', email: 'leerlus@minbzk.nl' }],
    ['"Leerlus, BZK" <leerlus@minbzk.nl>', { name: 'Leerlus, BZK', email: 'leerlus@minbzk.nl' }],
    ['<leerlus@minbzk.nl>', { name: 'Leerlus', email: 'leerlus@minbzk.nl' }],
    ['leerlus@minbzk.nl', { name: 'Leerlus', email: 'leerlus@minbzk.nl' }],
  ])('reads %s', (mailFrom, person) => {
    expect(mailFromPerson(mailFrom)).toEqual(person);
  });
});

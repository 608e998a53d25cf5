/** firstname.lastname@example.nl, without accents or spaces ("Mehmet Yılmaz" → mehmet.yilmaz). */
export function demoEmail(name: string): string {
  const [first, ...rest] = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .split(/\s+/);
  return `${first}.${rest.join('')}@example.nl`;
}

// Writes the analyst workspace's browser-test data (FORMATS §1 JSON Lines) to DIR:
//   north.jsonl and south.jsonl: one operation of 540 reports (60 phone numbers and 40
//   domains, each report naming one number and two neighbouring domains, so they chain),
//   half received by each organisation, with victims' personal data; plus 40 two-report
//   operations of north's (to page through the list).
// Usage: node tests/browser/analyst-data.mjs DIR
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const countries = ['US', 'US', 'GB', 'DE', 'CA', 'FR', 'AU', 'ES', 'IN'];
const contact = ['popup', 'phone_call', 'email', 'web_ad', 'sms'];
const brands = ['Microsoft', 'Microsoft', 'Amazon', 'Apple'];
const out = { north: [], south: [] };
for (let i = 0; i < 540; i += 1) {
  const org = i % 2 === 0 ? 'north' : 'south';
  const month = 1 + (i % 10);
  const day = 1 + (i % 27);
  out[org].push(JSON.stringify({
    id: `${org.toUpperCase()}-${i}`,
    source: org,
    received_at: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:15:00Z`,
    reporter: {
      name: `Victim ${org} ${i} Testperson`,
      email: `victim${i}@mail-${org}.org`,
      phone: `+1 202 555 ${String(1000 + i).padStart(4, '0')}`,
      country: countries[i % countries.length],
    },
    contact_method: contact[i % contact.length],
    brand: brands[i % brands.length],
    narrative: `A pop-up said my computer was infected and I should call support. Report ${i}.`,
    loss: i % 3 === 0 ? { amount: `${100 + (i % 7) * 50}.00`, currency: i % 4 === 0 ? 'EUR' : 'USD' } : undefined,
    payment_method: 'gift cards',
    indicators: [
      { type: 'phone', value: `+1 877 555 ${2000 + (i % 60)}` },
      { type: 'domain', value: `pc-help-desk-${i % 40}.com` },
      { type: 'domain', value: `pc-help-desk-${(i + 1) % 40}.com` },
    ],
  }));
}
for (let i = 0; i < 80; i += 1) {
  out.north.push(JSON.stringify({
    id: `NORTH-SMALL-${i}`,
    source: 'north',
    received_at: `2024-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    contact_method: 'phone_call',
    brand: 'Amazon',
    narrative: 'A caller said my account was charged and asked for remote access.',
    indicators: [{ type: 'phone', value: `+1 866 555 ${3000 + Math.floor(i / 2)}` }],
  }));
}
for (const org of ['north', 'south']) writeFileSync(join(dir, `${org}.jsonl`), `${out[org].join('\n')}\n`);

/** Common offences in each category of interchange.md, as charged in England and Wales. */
import type { OffenceCategory } from '@ledger/domain/events/shared';

export type { OffenceCategory };

interface OffenceKind {
  category: OffenceCategory;
  description: string;
  /** Indictable-only or usually sent to the Crown Court: longer waits, custody more likely. */
  serious: boolean;
}

const kinds = (category: OffenceCategory, serious: boolean, descriptions: string[]): OffenceKind[] =>
  descriptions.map((description) => ({ category, description, serious }));

const OFFENCE_KINDS: readonly OffenceKind[] = [
  ...kinds('violence', false, ['Common assault', 'Assault by beating', 'Assault occasioning actual bodily harm', 'Assault of an emergency worker']),
  ...kinds('violence', true, ['Inflicting grievous bodily harm (s.20)', 'Wounding with intent (s.18)', 'Intentional strangulation']),
  ...kinds('sexual', true, ['Sexual assault', 'Rape of a woman aged 16 or over', 'Making indecent photographs of a child', 'Sexual communication with a child']),
  ...kinds('sexual', false, ['Possessing indecent photographs of a child', 'Exposure', 'Voyeurism']),
  ...kinds('robbery', true, ['Robbery', 'Robbery of personal property', 'Assault with intent to rob']),
  ...kinds('burglary', false, ['Burglary other than a dwelling (theft)', 'Attempted burglary other than a dwelling']),
  ...kinds('burglary', true, ['Burglary dwelling with intent to steal', 'Aggravated burglary']),
  ...kinds('vehicle', false, ['Theft of a motor vehicle', 'Theft from a motor vehicle', 'Aggravated vehicle taking', 'Interfering with a motor vehicle']),
  ...kinds('theft', false, ['Theft from a shop', 'Theft from the person', 'Theft of a pedal cycle', 'Handling stolen goods', 'Making off without payment']),
  ...kinds('criminal-damage', false, ['Criminal damage (under £5,000)', 'Criminal damage (racially aggravated)', 'Arson not endangering life']),
  ...kinds('drugs', false, ['Possession of cannabis', 'Possession of a controlled drug of Class A']),
  ...kinds('drugs', true, ['Possession with intent to supply a Class A drug', 'Being concerned in the supply of a Class A drug']),
  ...kinds('public-order', false, [
    'Using threatening, abusive or insulting words or behaviour (s.4)',
    'Causing harassment, alarm or distress (s.5)',
    'Drunk and disorderly in a public place',
    'Affray',
  ]),
  ...kinds('fraud', false, ['Fraud by false representation', 'Possessing articles for use in fraud']),
  ...kinds('weapons', false, ['Possessing a bladed article in a public place', 'Possessing an offensive weapon in a public place']),
  ...kinds('weapons', true, ['Possessing a firearm with intent to cause fear of violence']),
  ...kinds('motoring', false, ['Driving whilst disqualified', 'Driving with excess alcohol', 'Using a vehicle without insurance', 'Dangerous driving']),
  ...kinds('breach', false, ['Breach of a restraining order', 'Breach of a non-molestation order', 'Breach of a criminal behaviour order', 'Failing to surrender to custody']),
  ...kinds('other', false, ['Harassment without violence', 'Stalking', 'Sending a malicious communication']),
  ...kinds('other', true, ['Preparation of terrorist acts', 'Dissemination of terrorist publications']),
];

/** Offences with an identifiable victim, where restorative justice can be offered. */
export const VICTIM_CATEGORIES: ReadonlySet<OffenceCategory> = new Set([
  'violence', 'robbery', 'burglary', 'vehicle', 'theft', 'criminal-damage', 'other',
]);

export function offenceKindsIn(category: OffenceCategory, serious?: boolean): OffenceKind[] {
  return OFFENCE_KINDS.filter(
    (kind) => kind.category === category && (serious === undefined || kind.serious === serious),
  );
}

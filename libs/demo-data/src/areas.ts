/**
 * The partnership areas of the seed documents, with the police force, courts and prisons a person
 * living there passes through. Weights follow the populations the seeds describe (Hampshire and the
 * Isle of Wight is by far the largest of the three).
 */
export interface AreaProfile {
  area: string;
  weight: number;
  force: string;
  /** Force prefix for local custody record references. */
  forceCode: string;
  magistratesCourts: readonly string[];
  youthCourt: string;
  crownCourts: readonly string[];
  /** Local reception prison for adult men (remand and short sentences). */
  localPrison: string;
  /** Training prisons for longer sentences; the first also holds convicted sex offenders. */
  trainingPrisons: readonly string[];
  womensPrison: string;
  youthEstablishment: string;
  rjService: string;
}

export const KNOWN_AREAS: readonly AreaProfile[] = [
  {
    area: 'hampshire-iow',
    weight: 0.55,
    force: 'Hampshire and Isle of Wight Constabulary',
    forceCode: '44',
    magistratesCourts: [
      "Southampton Magistrates' Court",
      "Portsmouth Magistrates' Court",
      "Basingstoke Magistrates' Court",
      "Isle of Wight Magistrates' Court",
    ],
    youthCourt: 'Southampton Youth Court',
    crownCourts: ['Winchester Crown Court', 'Portsmouth Crown Court', 'Southampton Crown Court', 'Isle of Wight Crown Court'],
    localPrison: 'HMP Winchester',
    trainingPrisons: ['HMP Isle of Wight', 'HMP Winchester'],
    womensPrison: 'HMP Bronzefield',
    youthEstablishment: 'HMYOI Cookham Wood',
    rjService: 'Restorative Solutions',
  },
  {
    area: 'dorset',
    weight: 0.25,
    force: 'Dorset Police',
    forceCode: '55',
    magistratesCourts: ["Poole Magistrates' Court", "Weymouth Magistrates' Court"],
    youthCourt: 'Poole Youth Court',
    crownCourts: ['Bournemouth Crown Court', 'Dorchester Crown Court'],
    localPrison: 'HMP Winchester',
    trainingPrisons: ['HMP The Verne', 'HMP Guys Marsh'],
    womensPrison: 'HMP Eastwood Park',
    youthEstablishment: 'HMYOI Parc',
    rjService: 'Restorative Dorset',
  },
  {
    area: 'warwickshire',
    weight: 0.2,
    force: 'Warwickshire Police',
    forceCode: '23',
    magistratesCourts: ["Nuneaton Magistrates' Court", "Leamington Spa Magistrates' Court"],
    youthCourt: 'Leamington Spa Youth Court',
    crownCourts: ['Warwick Crown Court', 'Coventry Crown Court'],
    localPrison: 'HMP Birmingham',
    trainingPrisons: ['HMP Rye Hill', 'HMP Onley'],
    womensPrison: 'HMP Foston Hall',
    youthEstablishment: 'HMYOI Werrington',
    rjService: 'Warwickshire Youth Justice Service RJ team',
  },
];

/** The profile of a known area, or a plain one built from the area's name for any other. */
export function areaProfile(area: string): AreaProfile {
  const known = KNOWN_AREAS.find((profile) => profile.area === area);
  if (known) return known;
  const name = area
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return {
    area,
    weight: 0.2,
    force: `${name} Police`,
    forceCode: '99',
    magistratesCourts: [`${name} Magistrates' Court`],
    youthCourt: `${name} Youth Court`,
    crownCourts: [`${name} Crown Court`],
    localPrison: `HMP ${name}`,
    trainingPrisons: [`HMP ${name}`],
    womensPrison: 'HMP Bronzefield',
    youthEstablishment: 'HMYOI Cookham Wood',
    rjService: `${name} Restorative Justice Service`,
  };
}

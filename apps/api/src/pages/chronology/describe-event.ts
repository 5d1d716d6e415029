/**
 * "What happened", in words a reviewer reads without knowing the event catalogue: a headline per
 * event type and the facts that matter for it. Unknown types fall back to their name, so a new
 * event type is still listed (just less eloquently) rather than hidden from a review.
 */

type Data = Record<string, unknown>;

const HEADLINES: Record<string, string> = {
  'person.registered': 'Person registered',
  'person.identifier-linked': 'Identifier linked',
  'person.merged': 'Record merged as a duplicate',
  'arrest.recorded': 'Arrested',
  'charge.recorded': 'Charged',
  'disposal.out-of-court': 'Out-of-court disposal',
  'conviction.recorded': 'Convicted',
  'sentence.imposed': 'Sentenced',
  'custody.received': 'Received into custody',
  'custody.released': 'Released from custody',
  'licence.started': 'Licence started',
  'licence.varied': 'Licence conditions varied',
  'licence.ended': 'Licence ended',
  'recall.initiated': 'Recall to custody initiated',
  'breach.recorded': 'Breach recorded',
  'mappa.registered': 'MAPPA registration',
  'mappa.level-changed': 'MAPPA level changed',
  'mappa.category-changed': 'MAPPA category changed',
  'mappa.reviewed': 'MAPPA review meeting',
  'mappa.deregistered': 'MAPPA deregistration',
  'risk.rosh-assessed': 'Risk of serious harm assessed',
  'needs.assessed': 'Needs assessed',
  'iom.adopted': 'Adopted onto IOM cohort',
  'iom.deselected': 'Deselected from IOM cohort',
  'intervention.referred': 'Referred to intervention',
  'intervention.started': 'Intervention started',
  'intervention.completed': 'Intervention completed',
  'intervention.withdrawn': 'Intervention withdrawn',
  'rj.referred': 'Referred for restorative justice',
  'rj.conference.held': 'Restorative justice conference held',
  'rj.outcome-completed': 'Restorative justice outcome completed',
};

export function headlineOf(type: string): string {
  return HEADLINES[type] ?? type;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

function offences(data: Data): string {
  const list = Array.isArray(data.offences) ? (data.offences as Data[]) : [];
  return list
    .map((offence) => {
      const label = text(offence.description) || text(offence.category) || 'offence';
      return `${label} (offence ${text(offence.offenceId)}, committed ${text(offence.offenceDate)})`;
    })
    .join('; ');
}

/** The facts of one event that a chronology states, beyond its headline. */
function details(type: string, data: Data): string[] {
  switch (type) {
    case 'arrest.recorded':
      return [offences(data), data.force ? `force: ${text(data.force)}` : ''];
    case 'conviction.recorded':
      return [offences(data), data.court ? `court: ${text(data.court)}` : ''];
    case 'disposal.out-of-court':
      return [text(data.disposalType), offences(data)];
    case 'charge.recorded':
      return [`offences ${(Array.isArray(data.offenceIds) ? data.offenceIds : []).join(', ')}`];
    case 'sentence.imposed':
      return [text(data.sentenceType), data.lengthDays ? `${text(data.lengthDays)} days` : ''];
    case 'custody.received':
      return [`reason: ${text(data.reason)}`, text(data.establishment)];
    case 'custody.released':
      return [`release type: ${text(data.releaseType)}`, text(data.establishment)];
    case 'licence.started':
      return [`licence ${text(data.licenceId)}, expires ${text(data.expiresOn)}`];
    case 'licence.ended':
      return [`licence ${text(data.licenceId)}: ${text(data.reason)}`];
    case 'recall.initiated':
      return [`${text(data.recallType)} recall: ${text(data.reason)}`];
    case 'breach.recorded':
      return [`order: ${text(data.order)}`, data.outcome ? `outcome: ${text(data.outcome)}` : ''];
    case 'mappa.registered':
      return [`category ${text(data.category)}, level ${text(data.level)}, lead agency ${text(data.leadAgency)}`];
    case 'mappa.level-changed':
      return [`level ${text(data.level)}`, data.reason ? `reason: ${text(data.reason)}` : ''];
    case 'mappa.category-changed':
      return [`category ${text(data.category)}`];
    case 'mappa.reviewed':
      return [`level ${text(data.level)} confirmed`, data.nextReviewDue ? `next review due ${text(data.nextReviewDue)}` : ''];
    case 'mappa.deregistered':
      return [`reason: ${text(data.reason)}`];
    case 'iom.deselected':
      return [`cohort ${text(data.cohortId)}`, `reason: ${text(data.reason)}`];
    case 'risk.rosh-assessed':
      return [`${text(data.level)} risk (${text(data.tool)})`];
    case 'needs.assessed':
      return [`${text(data.tool)}: ${(Array.isArray(data.needs) ? data.needs : []).join(', ')}`];
    case 'iom.adopted':
      return [`cohort ${text(data.cohortId)} (${text(data.cohortType)})`, `reason: ${text(data.reason)}`];
    case 'person.merged':
      return [`into ${text(data.intoPersonId)}`];
    case 'person.identifier-linked':
      return [text(data.identifier)];
    default:
      if (type.startsWith('intervention.')) return [text(data.pathway), text(data.programme)];
      if (type.startsWith('rj.')) return [`case ${text(data.rjCaseId)}`];
      return [];
  }
}

/** One line: "Arrested: burglary (offence O-1, committed 2024-01-03); force: hampshire". */
export function describeEvent(type: string, data: Data): string {
  const facts = details(type, data).filter((fact) => fact !== '');
  return facts.length > 0 ? `${headlineOf(type)}: ${facts.join('; ')}` : headlineOf(type);
}

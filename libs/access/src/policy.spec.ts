import * as fs from 'node:fs';
import * as path from 'node:path';
import { authorise, effectiveArea, PERMISSIONS, Reach } from './policy';
import { Action, ACTIONS, Principal, Role, ROLES } from './roles';

const HOME = 'hampshire';
const ELSEWHERE = 'dorset';

/**
 * The expected policy, written out by hand (not read from PERMISSIONS, so a change to the
 * policy fails here): for each role, the actions allowed in its own area ('own') or in every
 * area ('any'). Anything not listed must be refused everywhere.
 */
const EXPECTED: Record<Exclude<Role, 'reviewer'>, Partial<Record<Action, 'own' | 'any'>>> = {
  recorder: { 'events.append': 'own' },
  'iom-lead': { 'person.read': 'own', 'person.timeline': 'own', 'person.pack': 'own', 'iom.read': 'own', 'reoffending.read': 'own' },
  'mappa-coordinator': { 'person.read': 'own', 'person.timeline': 'own', 'person.pack': 'own', 'mappa.read': 'own', 'reoffending.read': 'own' },
  auditor: {
    'events.read-log': 'any', 'person.read': 'any', 'person.timeline': 'any', 'person.pack': 'any', 'mappa.read': 'any',
    'iom.read': 'any', 'reoffending.read': 'any', 'audit.verify': 'any', 'audit.access-log': 'any',
  },
  admin: { 'admin.tokens': 'any', 'admin.configure': 'any', 'admin.erase': 'any', 'audit.verify': 'any' },
};

describe('authorise: role x area x action', () => {
  const cases = (Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>).flatMap((role) =>
    ACTIONS.flatMap((action) =>
      [HOME, ELSEWHERE].map((area) => {
        const reach = EXPECTED[role][action];
        const allowed = reach === 'any' || (reach === 'own' && area === HOME);
        return [role, action, area, allowed] as const;
      }),
    ),
  );

  it.each(cases)('%s %s in %s -> allowed %s', (role, action, area, allowed) => {
    const principal: Principal = { subject: 'someone', role, area: HOME };
    const decision = authorise(principal, action, { area, personId: 'P-1' });
    if (allowed) expect(decision).toEqual({ allowed: true });
    else expect(decision).toEqual({ allowed: false, status: 403, reason: expect.any(String) });
  });

  it('covers every role but the reviewer (tested below) and every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ROLES.filter((r) => r !== 'reviewer').sort());
    expect(cases).toHaveLength(5 * ACTIONS.length * 2); // 5 roles x 13 actions x 2 areas
  });

  it('says why it refuses', () => {
    const lead: Principal = { subject: 'lead', role: 'iom-lead', area: HOME };
    expect(authorise(lead, 'mappa.read', { area: HOME })).toMatchObject({ reason: 'the iom-lead role may not mappa.read' });
    expect(authorise(lead, 'iom.read', { area: ELSEWHERE })).toMatchObject({ reason: 'iom.read in area dorset is outside your area (hampshire)' });
  });

  it('refuses an area-scoped role when the area of the data is unknown or the token has no area', () => {
    expect(authorise({ subject: 'r', role: 'recorder', area: HOME }, 'events.append', {})).toMatchObject({ allowed: false, status: 403 });
    expect(authorise({ subject: 'r', role: 'recorder' }, 'events.append', { area: HOME })).toMatchObject({ allowed: false, status: 403 });
  });
});

describe('authorise: reviewer grant', () => {
  const reviewer: Principal = { subject: 'scr-panel', role: 'reviewer', grant: { persons: ['P-1', 'P-2'], from: '2024-03-01', to: '2024-03-31' } };
  const during = new Date('2024-03-15T12:00:00Z');

  it('allows the timeline and pack of a named person while the grant runs, whatever the area', () => {
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-1', area: ELSEWHERE }, during)).toEqual({ allowed: true });
    expect(authorise(reviewer, 'person.pack', { personId: 'P-2' }, during)).toEqual({ allowed: true });
  });

  it('refuses people not named, other reads, and reads without a person', () => {
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-3' }, during)).toMatchObject({ allowed: false, reason: 'person P-3 is not named in your review grant' });
    expect(authorise(reviewer, 'person.read', { personId: 'P-1' }, during)).toMatchObject({ allowed: false });
    expect(authorise(reviewer, 'mappa.read', { area: HOME }, during)).toMatchObject({ allowed: false });
    expect(authorise(reviewer, 'person.timeline', {}, during)).toMatchObject({ allowed: false });
  });

  it('runs on London dates, first and last day included', () => {
    // 2024-03-31 23:30 UTC is 00:30 on 1 April in London (BST began that morning): past the grant.
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-1' }, new Date('2024-03-31T22:30:00Z'))).toEqual({ allowed: true });
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-1' }, new Date('2024-03-31T23:30:00Z'))).toMatchObject({ allowed: false });
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-1' }, new Date('2024-03-01T00:00:00Z'))).toEqual({ allowed: true });
    expect(authorise(reviewer, 'person.timeline', { personId: 'P-1' }, new Date('2024-02-29T23:59:59Z'))).toMatchObject({ allowed: false });
  });

  it('refuses a reviewer without a grant', () => {
    expect(authorise({ subject: 'x', role: 'reviewer' }, 'person.timeline', { personId: 'P-1' }, during)).toMatchObject({ allowed: false });
  });
});

describe('effectiveArea', () => {
  it('keeps an area-scoped caller in their own area and lets the others see every area', () => {
    expect(effectiveArea({ subject: 'm', role: 'mappa-coordinator', area: HOME })).toBe(HOME);
    expect(effectiveArea({ subject: 'm', role: 'mappa-coordinator', area: HOME }, ELSEWHERE)).toBe(ELSEWHERE); // then refused by authorise
    expect(effectiveArea({ subject: 'a', role: 'auditor' })).toBeUndefined();
    expect(effectiveArea({ subject: 'a', role: 'auditor' }, ELSEWHERE)).toBe(ELSEWHERE);
  });
});

describe('README policy table', () => {
  it('shows exactly the policy the code enforces', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const lines = readme.split('\n');
    const start = lines.findIndex((line) => line.startsWith('| action |'));
    const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
    const [header, , ...rows] = lines.slice(start, end);
    const roles = header.split('|').map((cell) => cell.trim()).filter(Boolean).slice(1);
    const words: Record<string, Reach> = { 'own area': 'area', 'all areas': 'all', 'granted people': 'grant' };
    const documented: Record<string, Record<string, Reach>> = Object.fromEntries(roles.map((role) => [role, {}]));
    for (const row of rows) {
      const [action, ...cells] = row.split('|').map((cell) => cell.trim()).filter(Boolean);
      cells.forEach((cell, i) => {
        if (cell === '-') return;
        expect(Object.keys(words)).toContain(cell);
        documented[roles[i]][action.replace(/`/g, '')] = words[cell];
      });
    }
    expect(documented).toEqual(PERMISSIONS);
  });
});

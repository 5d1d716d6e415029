/**
 * class-validator looks up a class's rules on every validation by scanning the rules of every
 * class it knows (an `instanceof` per class, for inherited rules): with the ledger's catalogue
 * that scan was the largest single cost of validating an event. The rules of a class only change
 * when a decorator registers another one, so the lookups are remembered per class until then.
 * Only lookups without groups or `always` (all the ledger makes) are remembered, per class and
 * schema name (class-validator passes the parent's name when it validates a nested object).
 */
import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage> & { __ledgerCached?: boolean };

export function rememberValidationRules(): void {
  const storage = getMetadataStorage() as Storage;
  if (storage.__ledgerCached) return;
  storage.__ledgerCached = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  const remembered = new Map<unknown, Map<string | undefined, ReturnType<typeof lookUp>>>();
  storage.addValidationMetadata = (metadata) => {
    remembered.clear();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (always || strictGroups || (groups && groups.length > 0)) return lookUp(target, schema, always, strictGroups, groups);
    let bySchema = remembered.get(target);
    if (!bySchema) remembered.set(target, (bySchema = new Map()));
    let rules = bySchema.get(schema);
    if (!rules) {
      rules = lookUp(target, schema, always, strictGroups, groups);
      bySchema.set(schema, rules);
    }
    return rules;
  };
}

/** Turns class-validator's error tree into flat problems, each with the full path of its field. */
import type { ValidationError } from 'class-validator';
import { CUSTOM_CONSTRAINTS } from './field-decorators';

export interface ValidationProblem {
  /** e.g. `occurredAt`, `source.system`, `data.offences[0].offenceDate` */
  path: string;
  message: string;
}

/** class-validator's "nested property x must be either object or array", which also fires beside IsArray. */
const NESTED_VALIDATION = 'nestedValidation';

export function toProblems(errors: ValidationError[], parentPath: string): ValidationProblem[] {
  return errors.flatMap((error) => {
    const path = childPath(parentPath, error);
    return [...problemsAt(path, error), ...toProblems(error.children ?? [], path)];
  });
}

function childPath(parentPath: string, error: ValidationError): string {
  if (Array.isArray(error.target)) return `${parentPath}[${error.property}]`;
  return parentPath ? `${parentPath}.${error.property}` : error.property;
}

function problemsAt(path: string, error: ValidationError): ValidationProblem[] {
  const constraints = error.constraints ?? {};
  // A missing field fails every check on it; "is required" is the one that helps.
  if (constraints.isDefined) return [{ path, message: constraints.isDefined }];
  if (constraints.whitelistValidation) return [{ path, message: `unknown field "${error.property}"` }];
  // A botched {"$enc": ...} also fails the plain field's checks; the envelope is what needs fixing.
  const encrypted = constraints[CUSTOM_CONSTRAINTS.encryptedValue];
  if (encrypted) return [{ path, message: encrypted }];
  const names = Object.keys(constraints);
  if (names.length === 1 && names[0] === NESTED_VALIDATION) {
    return [{ path, message: `${path.slice(path.lastIndexOf('.') + 1)} must be an object` }];
  }
  return names.filter((name) => name !== NESTED_VALIDATION).map((name) => ({ path, message: constraints[name] }));
}

/** The filing schema of 低保 (PROCESSES.md §6); the shared blocks are re-exported for its events. */
import type { JsonSchema } from '../definition';
import { amount, count, nonBlank, object, oneOf, ref, shortText, text } from '../schema-blocks';
import { BASES, LABOR_CAPACITIES, RELATIVE_POSITIONS } from './types';

export { MIN_REASON_LENGTH, reason, text, ref, shortText, nonBlank, amount, count, date, object, oneOf } from '../schema-blocks';

/** Yuan that may be zero (income, expenditure, deposits): not negative, in fen. */
export const yuan: JsonSchema = { type: 'number', minimum: 0, maximum: 10_000_000, multipleOf: 0.01 };

/** 18 characters; the check character is verified by the engine, which encrypts and masks it. */
export const idNumber: JsonSchema = { type: 'string', pattern: '^[0-9]{17}[0-9Xx]$' };

/** The other members of the household (共同生活家庭成员), not the applicant. */
export const MAX_MEMBERS = 29;

export const filingSchema: JsonSchema = object(
  ['members', 'basis', 'declaredMonthlyIncomeYuan', 'declaredAssets', 'checkConsentRef', 'relativeDeclaration'],
  {
    members: {
      type: 'array',
      maxItems: MAX_MEMBERS,
      items: object(['name', 'idNumber', 'relation', 'laborCapacity'], {
        name: shortText,
        idNumber,
        relation: shortText,
        laborCapacity: oneOf(LABOR_CAPACITIES),
      }),
    },
    basis: oneOf(BASES),
    declaredMonthlyIncomeYuan: yuan,
    declaredAssets: text,
    checkConsentRef: ref,
    relativeDeclaration: object(['declared'], {
      declared: { type: 'boolean' },
      staffName: shortText,
      position: oneOf(RELATIVE_POSITIONS),
      relation: shortText,
    }),
  },
);

export const investigators: JsonSchema = { type: 'array', minItems: 2, maxItems: 20, items: shortText };
export const householdSize: JsonSchema = { type: 'integer', minimum: 1, maximum: 30 };
export { amount as money, count as integerCount, nonBlank as nonBlankText };

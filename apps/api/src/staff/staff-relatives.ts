import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { inTransaction } from '@app/db';
import { auditDeclaration, conflict, flagCasesOfRelative, invalid, validateAgainst } from '@app/engine';
import { PiiCipher, maskIdNumber, validateIdNumber } from '@app/registry';

/** 近亲属 as the declaration form lists them (code → 中文). */
export const RELATIONS: Record<string, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  in_law: '姻亲（配偶的父母、子女的配偶等）',
  other_close: '其他近亲属',
};

const DECLARATION_SCHEMA = {
  type: 'object',
  required: ['name', 'relation', 'idNumber'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 50 },
    relation: { type: 'string', enum: Object.keys(RELATIONS) },
    idNumber: { type: 'string', minLength: 1, maxLength: 32 },
  },
};

/**
 * 近亲属备案: staff declare their close relatives; the ID number is stored like an applicant's
 * (AES-256-GCM + keyed index) and shown masked. Declaring flags the relative's existing cases in
 * the same transaction (libs/engine/src/conflict-of-interest.ts). Declarations are evidence:
 * there is no delete.
 */
@Injectable()
export class StaffRelatives {
  constructor(private readonly ds: DataSource, private readonly cipher: PiiCipher) {}

  async declare(p: Principal, body: unknown) {
    const errors = validateAgainst(DECLARATION_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { name: string; relation: string; idNumber: string };
    const id = validateIdNumber(input.idNumber);
    if (!id.ok) throw invalid([{ field: 'idNumber', message: id.reason }]);
    const idIndex = this.cipher.indexOf(id.value);
    const masked = maskIdNumber(id.value);
    const name = input.name.trim();
    if (!name) throw invalid([{ field: 'name', message: '请填写近亲属姓名' }]);
    return inTransaction(this.ds, async (tx) => {
      const now = new Date();
      const [row] = await tx.query(
        `INSERT INTO staff_relatives (user_id, name, relation, id_cipher, id_index, created_at) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (user_id, id_index) DO NOTHING RETURNING id, created_at`,
        [p.id, name, input.relation, this.cipher.encrypt(id.value), idIndex, now],
      );
      if (!row) throw conflict('该身份证号的近亲属您已备案，无需重复备案');
      const flagged = await flagCasesOfRelative(tx, p, idIndex, input.relation, now);
      await auditDeclaration(tx, p, { id: row.id, name, relation: input.relation, idNumberMasked: masked }, flagged, now);
      return this.view({ id: row.id, name, relation: input.relation, masked, created_at: row.created_at });
    });
  }

  async list(p: Principal) {
    const rows = await this.ds.query(`SELECT id, name, relation, id_cipher, created_at FROM staff_relatives WHERE user_id = $1 ORDER BY created_at, id`, [p.id]);
    return { items: rows.map((r: any) => this.view({ ...r, masked: maskIdNumber(this.cipher.decrypt(r.id_cipher)) })) };
  }

  private view(r: { id: string; name: string; relation: string; masked: string; created_at: Date }) {
    return {
      id: r.id, name: r.name, relation: r.relation, relationTitle: RELATIONS[r.relation] ?? r.relation,
      idNumberMasked: r.masked, declaredAt: new Date(r.created_at).toISOString(),
    };
  }
}

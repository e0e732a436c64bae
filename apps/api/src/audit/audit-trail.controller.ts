import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { AuditSigningKey, actorChain, appendAudit, checkpointFile, inSnapshot, latestCheckpoint } from '@app/audit';
import { inTransaction } from '@app/db';
import { DomainError, forbidden } from '@app/engine';
import { Caller, Public } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { AUDIT_KEY } from './audit-key';
import { AuditExport, ExportQuery } from './audit-export';

/** Export, the public key and the signed checkpoints (search and verify live in AuditController). */
@ApiTags('audit')
@Controller('audit')
export class AuditTrailController {
  constructor(
    private readonly ds: DataSource,
    private readonly exporter: AuditExport,
    @Inject(AUDIT_KEY) private readonly key: AuditSigningKey,
  ) {}

  @Get('export')
  @ApiBearerAuth()
  @RequireRoles('discipline_reviewer')
  @ApiQuery({ name: 'format', enum: ['jsonl', 'csv'], required: false })
  async export(@Caller() p: Principal, @Query() q: ExportQuery, @Res() reply: FastifyReply) {
    await this.exporter.stream(p, q, reply);
  }

  /**
   * The checkpoint-signing public key. Public on purpose: anyone holding an export and a checkpoint
   * must be able to check them, and a public key reveals nothing.
   */
  @Public()
  @Get('public-key')
  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKey: this.key.publicKeyPem };
  }

  /**
   * The latest signed checkpoint as a file for the offline verifier. It lists every chain of the
   * trail, so only reviewers and admins at the root of the tree may take it; the taking is recorded.
   */
  @Get('checkpoints/latest')
  @ApiBearerAuth()
  @RequireRoles('discipline_reviewer', 'admin')
  async latest(@Caller() p: Principal, @Res() reply: FastifyReply) {
    if (p.jurisdiction.level !== 'city') throw forbidden({ zh: '检查点覆盖全部审计链，只有市级纪检监察/审计人员或系统管理员可以下载', en: 'Checkpoints cover every audit chain: only city-level discipline reviewers or administrators may download them' });
    const file = await inSnapshot(this.ds, async (sql) => {
      const cp = await latestCheckpoint(sql);
      return cp ? checkpointFile(sql, cp) : undefined;
    });
    if (!file) throw new DomainError(404, '未找到', { zh: '尚未生成审计检查点（由 worker 按 AUDIT_CHECKPOINT_INTERVAL_MS 定时生成）', en: 'No audit checkpoint yet (the worker writes one every AUDIT_CHECKPOINT_INTERVAL_MS)' });
    const id = JSON.parse(file.body).id as number;
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
        jurisdictionCode: p.jurisdiction.code, action: 'EXPORT_CHECKPOINT', outcome: 'ok', fromState: null, toState: null,
        payload: { checkpointId: id, chains: file.heads.length },
      }),
    );
    reply
      .status(200)
      .header('Content-Disposition', `attachment; filename="audit-checkpoint-${id}.json"`)
      .header('Cache-Control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(file));
  }
}
